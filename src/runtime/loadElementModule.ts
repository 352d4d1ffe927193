import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { isJitError, JitError, type JitIssue } from '../errors/JitError';
import { ELEMENT_PROPERTIES, ElementBase, type ElementClass } from './ElementBase';
import { markElementCode } from './markElementCode';
import { registerTsHook } from './registerTsHook';
import { transpileTypeScript } from './transpileTypeScript';

/** What an implementation module contributes: a class, a `(Base) => class` factory, or nothing. */
export interface ElementModule {
  file: string;
  /** The module's exports, for named functions such as a template's `customFunc`. */
  exports: Record<string, unknown>;
  contribute: ((base: ElementClass) => ElementClass) | null;
}

/** What ElementBase gives every instance (methods and JitAi's Element properties), lent to a Meta class that does not extend it. */
const ELEMENT_BASE_METHODS = ['initElement', 'onLoad', 'onUnload', 'getFile', ...ELEMENT_PROPERTIES] as const;

/**
 * Loads an implementation module. A default export (or `module.exports =`) that is a class is used
 * as is; a plain function is a factory `(Base) => class extends Base`; a module with only named
 * exports contributes no class. A syntax error (TypeScript or JavaScript) is MODULE_INVALID with
 * the file and line. The module's `require('jittask')` is the running jittask ({@link markElementCode}).
 */
export function loadElementModule(file: string, fullName: string): ElementModule {
  registerTsHook();
  let loaded: unknown;
  try {
    markElementCode(file);
    // Whichever loader runs the file (this runtime's hook, ts-node, Jest), TypeScript would emit
    // code for a file it cannot parse: the syntax is checked here, once per file version.
    if (file.endsWith('.ts')) transpileTypeScript(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(file);
  } catch (cause) {
    throw loadFailure(cause, file, fullName);
  }
  const exportsObj = (loaded ?? {}) as Record<string, unknown>;
  const main = typeof loaded === 'function' ? loaded : exportsObj.default;
  if (main === undefined) return { file, exports: exportsObj, contribute: null };
  if (typeof main !== 'function') {
    throw new JitError('MODULE_INVALID', `the default export of '${fullName}' must be a class or a function (Base) => class`, {
      fullName,
      file,
    });
  }
  if (isClass(main)) return { file, exports: exportsObj, contribute: (base) => classOver(main as ElementClass, base, fullName, file) };
  return {
    file,
    exports: exportsObj,
    contribute: (base) => {
      const built = (main as (b: ElementClass) => unknown)(base);
      if (typeof built !== 'function' || !(built.prototype instanceof base || built === base)) {
        throw new JitError(
          'MODULE_INVALID',
          `the factory exported by '${fullName}' must return a class that extends the Base it receives`,
          { fullName, file },
        );
      }
      return built as ElementClass;
    },
  };
}

/**
 * The class a module exports, over the class built so far. It must extend that class, except for
 * the first class of a Meta: JitAi's extension guide writes a new family's Meta as a plain class,
 * which then gets what ElementBase gives (attributes set on instances, onLoad, onUnload, getFile).
 */
function classOver(cls: ElementClass, base: ElementClass, fullName: string, file: string): ElementClass {
  if (cls === base || cls.prototype instanceof base) return cls;
  if (base !== ElementBase) {
    throw new JitError(
      'MODULE_INVALID',
      `the class exported by '${fullName}' does not extend the class it is given (${base.name}): export (Base) => class extends Base {…} instead`,
      { fullName, file },
    );
  }
  const adopted = class extends (cls as new () => object) {};
  Object.defineProperty(adopted, 'name', { value: cls.name });
  for (const name of ELEMENT_BASE_METHODS) {
    if (!(name in cls.prototype))
      Object.defineProperty(adopted.prototype, name, Object.getOwnPropertyDescriptor(ElementBase.prototype, name)!);
  }
  return adopted as unknown as ElementClass;
}

/** The MODULE_INVALID error of a module that cannot be loaded, with the line of a syntax error. */
function loadFailure(cause: unknown, file: string, fullName: string): JitError {
  if (isJitError(cause)) {
    return new JitError(cause.code, cause.message, { fullName, file, cause, issues: cause.issues.map((i) => ({ ...i, fullName })) });
  }
  const message = `cannot load module of '${fullName}': ${(cause as Error).message}`;
  const at = (cause as Error).name === 'SyntaxError' ? syntaxErrorPosition(file) : undefined;
  const issue: JitIssue = { code: 'MODULE_INVALID', fullName, file, line: at?.line, column: at?.column, message };
  return new JitError('MODULE_INVALID', message, { fullName, file, cause, issues: [issue] });
}

/**
 * Where a JavaScript file's syntax error is. The error a loader throws does not say so in a
 * stable form; compiling the file as CommonJS wraps it (on its first line, so lines keep their
 * numbers) names the line in the stack and marks the column with a caret.
 */
function syntaxErrorPosition(file: string): { line: number; column?: number } | undefined {
  try {
    new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${fs.readFileSync(file, 'utf8')}\n})`, { filename: file });
  } catch (err) {
    const [head, , caret] = String((err as Error).stack).split('\n');
    const line = head?.startsWith(`${file}:`) ? Number(head.slice(file.length + 1)) : NaN;
    if (!Number.isInteger(line)) return undefined;
    const column = caret?.indexOf('^') ?? -1;
    return { line, column: column >= 0 && line > 1 ? column + 1 : undefined };
  }
  return undefined;
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
