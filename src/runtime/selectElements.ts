import type { ElementRecord } from './ElementDefinition';

/**
 * `findElements` selectors, joined by commas (a union): a fullName; `X.type`, every Instance whose
 * type chain passes through X (transitively); `family.*`, every element whose fullName starts with
 * `family.`. Results are sorted by fullName, each element once.
 */
export function selectElements(selector: string, records: Iterable<ElementRecord>): ElementRecord[] {
  const parts = selector.split(',').map((p) => p.trim()).filter(Boolean);
  const all = [...records].filter((r) => r.visible);
  const out = new Map<string, ElementRecord>();
  for (const part of parts) {
    for (const r of all) {
      let hit: boolean;
      if (part.endsWith('.type')) hit = r.kind === 'Instance' && r.typeChain.includes(part.slice(0, -'.type'.length));
      else if (part.endsWith('.*')) hit = r.fullName.startsWith(part.slice(0, -1));
      else hit = r.fullName === part;
      if (hit) out.set(r.fullName, r);
    }
  }
  return [...out.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
}
