import type { KeyPath } from './ElementDefinition';

/** True when `data` has a value at `keyPath` (used to find which file a merged key came from). */
export function hasKeyPath(data: unknown, keyPath: KeyPath): boolean {
  let node = data;
  for (const seg of keyPath) {
    if (node === null || typeof node !== 'object') return false;
    const next = (node as Record<string | number, unknown>)[seg];
    if (next === undefined) return false;
    node = next;
  }
  return true;
}
