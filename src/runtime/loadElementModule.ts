import { JitError } from '../errors/JitError';
import type { ElementClass } from './ElementBase';
import { registerTsHook } from './registerTsHook';

/** What an implementation module contributes: a class, a `(Base) => class` factory, or nothing. */
export interface ElementModule {
  file: string;
  /** The module's exports, for named functions such as a template's `customFunc`. */
  exports: Record<string, unknown>;
  contribute: ((base: ElementClass) => ElementClass) | null;
}

/**
 * Loads an implementation module. A default export (or `module.exports =`) that is a class is used
 * as is; a plain function is a factory `(Base) => class extends Base`; a module with only named
 * exports contributes no class.
 */
export function loadElementModule(file: string, fullName: string): ElementModule {
  registerTsHook();
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(file);
  } catch (cause) {
    throw new JitError('MODULE_INVALID', `cannot load module of '${fullName}': ${(cause as Error).message}`, { fullName, file, cause });
  }
  const exportsObj = (loaded ?? {}) as Record<string, unknown>;
  const main = typeof loaded === 'function' ? loaded : exportsObj.default;
  if (main === undefined) return { file, exports: exportsObj, contribute: null };
  if (typeof main !== 'function') {
    throw new JitError('MODULE_INVALID', `the default export of '${fullName}' must be a class or a function (Base) => class`, { fullName, file });
  }
  if (isClass(main)) return { file, exports: exportsObj, contribute: () => main as ElementClass };
  return {
    file,
    exports: exportsObj,
    contribute: (base) => {
      const built = (main as (b: ElementClass) => unknown)(base);
      if (typeof built !== 'function' || !(built.prototype instanceof base || built === base)) {
        throw new JitError('MODULE_INVALID', `the factory exported by '${fullName}' must return a class that extends the Base it receives`, { fullName, file });
      }
      return built as ElementClass;
    },
  };
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
