import { JitError } from '../errors/JitError';
import type { ElementDefine, ElementRecord } from './ElementDefinition';

/** What one part of a selector (between commas, before its filters) picks out. */
type Base =
  | { kind: 'all' }
  | { kind: 'name'; name: string }
  | { kind: 'instancesOf'; type: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'through'; type: string }
  | { kind: 'chainOf'; name: string };

/** A `#key<op>value` filter on a definition key path. */
interface Filter {
  path: string[];
  op: '=' | '!=' | '>' | '<';
  value: string;
}

// A fullName has at least two segments (family and name); segments are folder names.
const NAME = /^[\w$-]+(?:\.[\w$-]+)+$/;
const SEGMENTS = /^[\w$-]+(?:\.[\w$-]+)*$/;
const FILTER = /^#([A-Za-z_$][\w$]*(?:\.[\w$]+)*)(!=|=|>|<)(.+)$/s;

/**
 * The elements a `findElements` selector names, JitAi's forms and the project's older ones:
 * - `services.TaskSvc`: that element (an unknown name selects nothing);
 * - `.tasks.NormalType` or `tasks.NormalType*`: every element whose type chain passes through it,
 *   Types and Instances, transitively;
 * - `*tasks.MyJob`: the elements of its type chain, nearest first (itself excluded);
 * - `#timerCfg.repeat.repeatType=day`: elements whose definition has that value at that key path;
 *   operators `=`, `!=` (also true where the key is absent), `>`, `<` (numbers compare as numbers,
 *   other strings in code-unit order, so `YYYY-MM-DD HH:mm:ss` times compare in time order);
 * - `selector:#filter` (one or more `:#…`): the filters applied to a selector's result;
 * - `tasks.NormalType.type`: Instances only whose type chain passes through it; `tasks.*`: a prefix;
 * - `a,b`: a union.
 * The result is sorted by fullName, each element once, except a lone `*fullName`, which keeps
 * its chain's order. `visible` holds the records the app sees (parent apps' private elements are
 * never selected), by fullName. A malformed selector is
 * API_PARAMS_ERROR (a bad argument to the call): selecting nothing would hide the typo.
 */
export function selectElements(selector: string, visible: ReadonlyMap<string, ElementRecord>): ElementRecord[] {
  const parts = selector.split(',').map((p) => parsePart(p.trim(), selector));
  const results = parts.map(({ base, filters }) => {
    const picked = pick(base, visible).filter((r) => filters.every((f) => matches(r.define, f)));
    return base.kind === 'chainOf' ? picked : sortByName(picked);
  });
  if (results.length === 1) return results[0]!;
  return sortByName([...new Map(results.flat().map((r) => [r.fullName, r])).values()]);
}

function parsePart(part: string, selector: string): { base: Base; filters: Filter[] } {
  const malformed = (why: string): JitError =>
    new JitError('API_PARAMS_ERROR', `malformed selector ${JSON.stringify(selector)}: ${why}`, { details: { selector } });
  if (part === '') throw malformed('an empty part (selectors are joined by single commas)');
  // Filters start at ':#' only, so a value may hold ':' (a time such as 09:00:00).
  const [head = '', ...rest] = part.split(':#');
  const filterTexts = rest.map((f) => `#${f}`);
  let base: Base;
  if (head.startsWith('#')) {
    filterTexts.unshift(head);
    base = { kind: 'all' };
  } else {
    if (head === '') throw malformed(`nothing before ':' in ${JSON.stringify(part)}`);
    const parsed = parseBase(head);
    if (!parsed) throw malformed(`${JSON.stringify(head)} is not a fullName, .type, *fullName, fullName*, family.* or #key=value`);
    base = parsed;
  }
  const filters = filterTexts.map((text) => {
    const m = FILTER.exec(text);
    if (!m) throw malformed(`${JSON.stringify(text)} is not a filter: write #key=value with =, !=, > or < (a dotted key path is allowed)`);
    return { path: m[1]!.split('.'), op: m[2] as Filter['op'], value: m[3]! };
  });
  return { base, filters };
}

function parseBase(text: string): Base | null {
  if (text.startsWith('*')) return NAME.test(text.slice(1)) ? { kind: 'chainOf', name: text.slice(1) } : null;
  if (text.startsWith('.')) return NAME.test(text.slice(1)) ? { kind: 'through', type: text.slice(1) } : null;
  if (text.endsWith('.*')) return SEGMENTS.test(text.slice(0, -2)) ? { kind: 'prefix', prefix: text.slice(0, -1) } : null;
  if (text.endsWith('*')) return NAME.test(text.slice(0, -1)) ? { kind: 'through', type: text.slice(0, -1) } : null;
  if (!NAME.test(text)) return null;
  // `x.type` with two segments is a fullName whose name is "type", not the older form.
  if (text.endsWith('.type') && text.split('.').length > 2) return { kind: 'instancesOf', type: text.slice(0, -'.type'.length) };
  return { kind: 'name', name: text };
}

function pick(base: Base, visible: ReadonlyMap<string, ElementRecord>): ElementRecord[] {
  // One name is a lookup: the scheduler and the date-field code ask for one template per run.
  if (base.kind === 'name') {
    const record = visible.get(base.name);
    return record ? [record] : [];
  }
  const all = [...visible.values()];
  switch (base.kind) {
    case 'all':
      return all;
    case 'instancesOf':
      return all.filter((r) => r.kind === 'Instance' && r.typeChain.includes(base.type));
    case 'prefix':
      return all.filter((r) => r.fullName.startsWith(base.prefix));
    case 'through':
      return all.filter((r) => r.typeChain.includes(base.type));
    case 'chainOf':
      return (visible.get(base.name)?.typeChain ?? []).flatMap((name) => visible.get(name) ?? []);
  }
}

function matches(define: ElementDefine, filter: Filter): boolean {
  let node: unknown = define;
  for (const key of filter.path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  // Only scalars compare: a selector's value is text, and objects have no one text form.
  const scalar = typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean';
  const equal = scalar && String(node) === filter.value;
  if (filter.op === '=') return equal;
  if (filter.op === '!=') return !equal;
  if (typeof node !== 'string' && typeof node !== 'number') return false;
  const [a, b] = [Number(node), Number(filter.value)];
  const numeric = String(node).trim() !== '' && filter.value.trim() !== '' && Number.isFinite(a) && Number.isFinite(b);
  const [left, right] = numeric ? [a, b] : [String(node), filter.value];
  return filter.op === '>' ? left > right : left < right;
}

function sortByName(records: ElementRecord[]): ElementRecord[] {
  return [...records].sort((a, b) => a.fullName.localeCompare(b.fullName));
}
