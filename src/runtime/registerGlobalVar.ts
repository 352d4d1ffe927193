import { JitError } from '../errors/JitError';
import type { App } from './App';

/** Which app registered each global variable, so that no app replaces another's, or the process's own. */
const owners = new Map<string, App>();

/** What `registerGlobalVar` may name: an identifier element code can write bare. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * JitAi's `app.registerGlobalVar(name, value)`: makes `value` a global variable `name` of the
 * process (Python's builtins; here `globalThis`), for the element code of `app`, until the app
 * closes or registers it again. Refused with API_PARAMS_ERROR, nothing defined: a name that is not
 * an identifier, `app` (the runtime's), a global the process has already (`process`, `setTimeout`,
 * one of the host's), one another loaded app registered, and an `undefined` value.
 * @returns the app's registered globals after the call.
 */
export function registerGlobalVar(app: App, name: unknown, value: unknown): void {
  const refuse = (why: string, argument = 'name'): never => {
    throw new JitError('API_PARAMS_ERROR', `registerGlobalVar(${JSON.stringify(name)}): ${why}`, { details: { argument } });
  };
  if (typeof name !== 'string' || !IDENTIFIER.test(name))
    return refuse('the name of a global variable is an identifier, such as companyName');
  if (name === 'app') return refuse("'app' is the global the runtime defines for the loaded app");
  if (value === undefined) return refuse('a global variable needs a value (null for none)', 'value');
  const owner = owners.get(name);
  if (owner !== undefined && owner !== app) return refuse(`app ${owner.appKey} registered it: two apps would share it`);
  if (owner === undefined && Object.hasOwn(globalThis, name))
    return refuse('the process has a global of that name already; pick another name');
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  owners.set(name, app);
}

/** Removes every global variable `app` registered (when it closes). */
export function releaseGlobalVars(app: App): void {
  for (const [name, owner] of owners) {
    if (owner !== app) continue;
    owners.delete(name);
    delete (globalThis as Record<string, unknown>)[name];
  }
}

/** The global variables `app` registered, by name, with their values now (JitAi's `app.globals`). */
export function globalsOf(app: App): Record<string, unknown> {
  const globals: Record<string, unknown> = {};
  for (const [name, owner] of owners) if (owner === app) globals[name] = (globalThis as Record<string, unknown>)[name];
  return globals;
}
