import type { KeyPath } from './ElementDefinition';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A placeholder with no value: where it is and which variable it names. */
export interface MissingPlaceholder {
  path: KeyPath;
  name: string;
}

/**
 * Replaces `{{NAME}}` in every string of `value` with `vars[NAME]`. Returns the filled copy and
 * every placeholder that had no value, so the loader can report them all at once.
 */
export function fillPlaceholders(
  value: unknown,
  vars: Readonly<Record<string, string | undefined>>,
): { value: unknown; missing: MissingPlaceholder[] } {
  const missing: MissingPlaceholder[] = [];
  const walk = (v: unknown, path: Array<string | number>): unknown => {
    if (typeof v === 'string') {
      return v.replace(PLACEHOLDER, (whole, name: string) => {
        const filled = vars[name];
        if (filled === undefined) {
          missing.push({ path: [...path], name });
          return whole;
        }
        return filled;
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item, [...path, k]);
      return out;
    }
    return v;
  };
  return { value: walk(value, []), missing };
}
