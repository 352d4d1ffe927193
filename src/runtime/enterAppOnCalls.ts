import type { App } from './App';
import { appInContext, runInApp } from './currentApp';

/** Prototypes whose methods are wrapped already (classes are shared by the apps that load them). */
const done = new WeakSet<object>();
/** The wrappers made, so a wrapper is never wrapped again (a prototype copies another's method). */
const wrappers = new WeakSet<(...args: unknown[]) => unknown>();

/**
 * Makes every method of `cls` and of the classes it extends run as code of the instance's app (its
 * `app`): below such a call, the package's `app` is that app, whoever called it (host code, another
 * app, an HTTP request). A call made within the app's code already is passed straight through, so
 * the cost is one lookup of the async context per call. Constructors, accessors and classes kept
 * on a prototype are left as they are.
 */
export function enterAppOnCalls(cls: abstract new (...args: never[]) => unknown): void {
  for (
    let proto: object | null = cls.prototype as object;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    if (done.has(proto)) break;
    done.add(proto);
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const method = descriptor?.value as unknown;
      if (!descriptor || typeof method !== 'function' || !descriptor.writable || !descriptor.configurable) continue;
      if (wrappers.has(method as (...args: unknown[]) => unknown) || isClass(method)) continue;
      Object.defineProperty(proto, key, { ...descriptor, value: wrap(method as (...args: unknown[]) => unknown) });
    }
  }
}

function wrap(method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const wrapper = function (this: { app?: App } | undefined, ...args: unknown[]): unknown {
    const app = this?.app;
    if (app === undefined || appInContext() === app) return method.apply(this, args);
    return runInApp(app, () => method.apply(this, args));
  };
  // What reads a method's name or arity (a stack trace, a framework) reads the method's own.
  Object.defineProperty(wrapper, 'name', { value: method.name });
  Object.defineProperty(wrapper, 'length', { value: method.length });
  wrappers.add(wrapper);
  return wrapper;
}

function isClass(fn: unknown): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
