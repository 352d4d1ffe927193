import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { findFunctionDeclaration } from '../services/FunctionDeclaration';
import type { TaskContext } from './currentTask';
import type { JsonObject } from './TaskRecord';

/** A task's function, ready to call. */
export type TaskFunction = (args: JsonObject, ctx: TaskContext) => Promise<unknown>;

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
    const define = app.getElementDefine(elementName);
    if (!findFunctionDeclaration(define, name)) {
      throw new JitError('FUNCTION_NOT_FOUND', `'${elementName}' declares no function '${name}' (functionList)`, { fullName: elementName });
    }
    return async (args) => {
      const target = app.getElement<{ callFunction?: (n: string, a: JsonObject) => Promise<unknown> }>(elementName);
      if (typeof target.callFunction !== 'function') {
        throw new JitError('FUNCTION_NOT_FOUND', `'${elementName}' is not a service: it has no callFunction`, { fullName: elementName });
      }
      return target.callFunction(name, args);
    };
  }
  if (parts.length === 0 && /^[A-Za-z_$][\w$]*$/.test(name)) {
    // Own named exports only: every exports object inherits `constructor`, `toString`…, and
    // `default` is the module's class, not a task function.
    const mod = app.modulesOf(templateName).find((m) => name !== 'default' && Object.hasOwn(m.exports, name) && typeof m.exports[name] === 'function');
    if (mod) {
      const fn = mod.exports[name] as (args: JsonObject, ctx: TaskContext) => unknown;
      return async (args, ctx) => fn(args, ctx);
    }
    throw new JitError('FUNCTION_NOT_FOUND', `the module of template '${templateName}' exports no function '${name}'`, { fullName: templateName });
  }
  throw new JitError('FUNCTION_NOT_FOUND', `'${funcName}' is neither 'family.Element.function' nor a bare function name`, { fullName: templateName });
}
