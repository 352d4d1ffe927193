import type { ElementModule } from './loadElementModule';

/**
 * The function an element's modules export under `name` (the first, child first), or undefined.
 * Own named exports only: every exports object inherits `constructor`, `toString`…, and `default`
 * is the module's class, not a named function.
 */
export function namedExport(modules: readonly ElementModule[], name: string): ((...args: never[]) => unknown) | undefined {
  if (name === 'default') return undefined;
  for (const m of modules) {
    const value = Object.hasOwn(m.exports, name) ? m.exports[name] : undefined;
    if (typeof value === 'function') return value as (...args: never[]) => unknown;
  }
  return undefined;
}
