import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { findFunctionDeclaration, type FunctionDeclaration } from '../services/FunctionDeclaration';
import type { TaskContext } from './currentTask';
import type { JsonObject } from './TaskRecord';
import { templateSettings } from './TemplateSettings';
import { namedExport } from '../runtime/namedExport';

/**
 * A task's function, ready to call. A Global one carries its element and declaration, so a task's
 * arguments can be checked when the task is created rather than when it runs.
 */
export type TaskFunction = ((args: JsonObject, ctx: TaskContext) => Promise<unknown>) & {
  declared?: { fullName: string; declaration: FunctionDeclaration };
};

/**
 * Resolves a task's `funcName` (SPEC §7.1): `family.Element.function` is a declared function of
 * another element, called through its `callFunction`; a bare name is a named export of the
 * template's own module(s). Throws FUNCTION_NOT_FOUND (or ELEMENT_NOT_FOUND) when there is none, so
 * the same check refuses a bad task at creation and fails a stale one at run time.
 */
export function resolveTaskFunction(app: App, templateName: string, funcName: string): TaskFunction {
  const parts = funcName.split('.');
  const name = parts.pop() ?? '';
  if (parts.length >= 2) {
    const elementName = parts.join('.');
    const namedBy = appNamingFunction(app, templateName, funcName);
    const define = app.getElementDefine(elementName, namedBy);
    const declaration = findFunctionDeclaration(define, name);
    if (!declaration) {
      throw new JitError('FUNCTION_NOT_FOUND', `'${elementName}' declares no function '${name}' (functionList)`, { fullName: elementName });
    }
    const call: TaskFunction = async (args) => {
      const target = app.getElement<{ callFunction?: (n: string, a: JsonObject) => Promise<unknown> }>(elementName, namedBy);
      if (typeof target.callFunction !== 'function') {
        throw new JitError('FUNCTION_NOT_FOUND', `'${elementName}' is not a service: it has no callFunction`, { fullName: elementName });
      }
      return target.callFunction(name, args);
    };
    return Object.assign(call, { declared: { fullName: elementName, declaration } });
  }
  if (parts.length === 0 && /^[A-Za-z_$][\w$]*$/.test(name)) {
    const fn = namedExport(app.modulesOf(templateName), name) as ((args: JsonObject, ctx: TaskContext) => unknown) | undefined;
    // eslint-disable-next-line @typescript-eslint/require-await -- async turns a throw of the module's function into a rejection, as for a declared function
    if (fn) return async (args, ctx) => fn(args, ctx);
    throw new JitError('FUNCTION_NOT_FOUND', `the module of template '${templateName}' exports no function '${name}'`, {
      fullName: templateName,
    });
  }
  throw new JitError('FUNCTION_NOT_FOUND', `'${funcName}' is neither 'family.Element.function' nor a bare function name`, {
    fullName: templateName,
  });
}

/**
 * The app whose definition names the function, when it is the template's own `func`: a private
 * element works for the elements of its app, so a parent's template may call the parent's private
 * service in a child app. A function the caller chose names it from the loaded app (undefined).
 */
function appNamingFunction(app: App, templateName: string, funcName: string): string | undefined {
  const template = app.recordOf(templateName);
  if (templateSettings(template.define).funcName !== funcName) return undefined;
  return template.sources.find((s) => s.data.func !== undefined || s.data.taskFunc !== undefined)?.appId;
}
