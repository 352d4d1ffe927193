import type { LikePart, QCheckedNode, QTest } from './resolveQ';

/**
 * Whether a row matches a checked Q expression, in memory, with the answer the database gives for
 * the same expression (see `compileQ`): a field without a value (null) fails every positive test
 * but `null`, NOT is the exact complement, text compares by code point and LIKE is case-sensitive.
 *
 * @param values Each field's value in the checked form (a Datetime as epoch milliseconds, a Date
 *   as `YYYY-MM-DD`, a Boolean as true/false); a field not in it has no value.
 */
export function evaluateQ(node: QCheckedNode, values: Readonly<Record<string, unknown>>): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'not':
      return !evaluateQ(node.child, values);
    case 'and':
      return node.children.every((child) => evaluateQ(child, values));
    case 'or':
      return node.children.some((child) => evaluateQ(child, values));
    case 'test': {
      const value = values[node.field.name];
      return passes(node.test, value === undefined ? null : value);
    }
  }
}

function passes(test: QTest, value: unknown): boolean {
  if (test.op === 'null') return value === null;
  if (value === null) return false;
  switch (test.op) {
    case 'eq':
      return compare(value, test.value) === 0;
    case 'gt':
      return compare(value, test.value) > 0;
    case 'gte':
      return compare(value, test.value) >= 0;
    case 'lt':
      return compare(value, test.value) < 0;
    case 'lte':
      return compare(value, test.value) <= 0;
    case 'in':
      return test.values.some((v) => compare(value, v) === 0);
    case 'like':
      return typeof value === 'string' && likeRegExp(test.pattern).test(value);
  }
}

/** Numbers by value, strings by code point (the order of their UTF-8 bytes, as both databases compare them), booleans false < true. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return Number.NaN;
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

const patterns = new WeakMap<readonly LikePart[], RegExp>();

function likeRegExp(parts: readonly LikePart[]): RegExp {
  let re = patterns.get(parts);
  if (!re) {
    const source = parts
      .map((part) => (part === 'many' ? '[^]*' : part === 'one' ? '.' : part.text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
      .join('');
    // `s` and `u`: one wildcard character is one code point, line breaks included.
    re = new RegExp(`^${source}$`, 'su');
    patterns.set(parts, re);
  }
  return re;
}
