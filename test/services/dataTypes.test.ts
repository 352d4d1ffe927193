import { DateTime } from 'luxon';
import { DATA_TYPES, convertValue, isPlainJsonObject } from '../../src/services/dataTypes';

const ZONE = 'Asia/Shanghai';

class Point {
  constructor(readonly x: number) {}
}

describe('convertValue: a declared argument is checked and converted by its dataType', () => {
  test.each([
    // dataType, given, what the method receives
    ['Stext', 'hello', 'hello'],
    ['Stext', '', ''],
    ['Stext', 'x'.repeat(255), 'x'.repeat(255)],
    ['Stext', '😀'.repeat(255), '😀'.repeat(255)],
    ['Ltext', 'y'.repeat(10_000), 'y'.repeat(10_000)],
    ['Numeric', 3.5, 3.5],
    ['Numeric', -2, -2],
    ['Numeric', '3.5', 3.5],
    ['Numeric', '-.5', -0.5],
    ['Numeric', '1e3', 1000],
    ['Integer', 42, 42],
    ['Integer', '42', 42],
    ['Integer', '-7', -7],
    ['Integer', 4.0, 4],
    ['Boolean', true, true],
    ['Boolean', false, false],
    ['Boolean', 1, true],
    ['Boolean', 0, false],
    ['Boolean', 'true', true],
    ['Boolean', 'false', false],
    ['Date', '2024-02-29', '2024-02-29'],
    ['Date', new Date('2024-01-15T20:00:00Z'), '2024-01-16'],
    ['JitList', [], []],
    ['JitList', [1, 'a', { b: 2 }], [1, 'a', { b: 2 }]],
    ['JitDict', {}, {}],
    ['JitDict', { a: 1, nested: { b: [2] } }, { a: 1, nested: { b: [2] } }],
    ['RowData', { id: 1, name: 'Ann' }, { id: 1, name: 'Ann' }],
    ['Any', new Point(1), new Point(1)],
    ['Any', null, null],
  ])('%s accepts %p', (dataType, given, expected) => {
    expect(convertValue(dataType, given, ZONE)).toEqual({ ok: true, value: expected });
  });

  test('Datetime becomes a luxon DateTime in the app zone', () => {
    const result = convertValue('Datetime', '2024-01-15 09:00:00', ZONE);
    expect(result.ok).toBe(true);
    const t = result.ok ? result.value : undefined;
    expect(DateTime.isDateTime(t) && t.toISO()).toBe('2024-01-15T09:00:00.000+08:00');
  });

  test.each([
    ['an ISO string with milliseconds', '2024-01-15T01:00:00.125Z', '2024-01-15T09:00:00.125+08:00'],
    ['a JS Date', new Date('2024-01-15T01:00:00Z'), '2024-01-15T09:00:00.000+08:00'],
    ['a luxon DateTime', DateTime.fromISO('2024-01-15T02:00:00+01:00'), '2024-01-15T09:00:00.000+08:00'],
  ])('Datetime accepts %s', (_label, given, expectedIso) => {
    const result = convertValue('Datetime', given, ZONE);
    const t = result.ok ? result.value : undefined;
    expect(DateTime.isDateTime(t) && t.toISO()).toBe(expectedIso);
  });

  test('a plain object with no prototype is a JitDict', () => {
    const bare: Record<string, unknown> = Object.create(null);
    bare.a = 1;
    expect(convertValue('JitDict', bare, ZONE)).toEqual({ ok: true, value: bare });
  });

  test('a JitDict is passed as the same object, not a copy', () => {
    const dict = { a: 1 };
    const result = convertValue('JitDict', dict, ZONE);
    expect(result.ok && result.value).toBe(dict);
  });

  test.each([
    ['Stext', 'x'.repeat(256), 'expected a string of at most 255 characters'],
    ['Stext', 42, 'expected a string of at most 255 characters'],
    ['Stext', null, 'expected a string of at most 255 characters'],
    ['Ltext', 42, 'expected a string'],
    ['Ltext', ['a'], 'expected a string'],
    ['Numeric', Number.NaN, 'expected a finite number'],
    ['Numeric', Number.POSITIVE_INFINITY, 'expected a finite number'],
    ['Numeric', '', 'expected a finite number'],
    ['Numeric', ' ', 'expected a finite number'],
    ['Numeric', '0x10', 'expected a finite number'],
    ['Numeric', 'Infinity', 'expected a finite number'],
    ['Numeric', '1e400', 'expected a finite number'],
    ['Numeric', '3.5kg', 'expected a finite number'],
    ['Numeric', true, 'expected a finite number'],
    ['Integer', 4.2, 'expected a safe integer'],
    ['Integer', '4.2', 'expected a safe integer'],
    ['Integer', '4.0', 'expected a safe integer'],
    ['Integer', '', 'expected a safe integer'],
    ['Integer', 2 ** 53, 'expected a safe integer'],
    ['Integer', '9007199254740993', 'expected a safe integer'],
    ['Boolean', 2, 'expected true or false (or 1/0, "true"/"false")'],
    ['Boolean', 'yes', 'expected true or false (or 1/0, "true"/"false")'],
    ['Boolean', 'TRUE', 'expected true or false (or 1/0, "true"/"false")'],
    ['Boolean', null, 'expected true or false (or 1/0, "true"/"false")'],
    ['Date', '2023-02-29', 'expected a date YYYY-MM-DD'],
    ['Date', '2024-01-15 09:00:00', 'expected a date YYYY-MM-DD'],
    ['Date', 20240115, 'expected a date YYYY-MM-DD'],
    ['Datetime', '2024-02-30 09:00:00', 'expected a time YYYY-MM-DD HH:mm:ss, ISO 8601 with offset, a Date or a DateTime'],
    ['Datetime', 'soon', 'expected a time YYYY-MM-DD HH:mm:ss, ISO 8601 with offset, a Date or a DateTime'],
    ['Datetime', 1_705_305_600_000, 'expected a time YYYY-MM-DD HH:mm:ss, ISO 8601 with offset, a Date or a DateTime'],
    ['JitDict', [], 'expected a plain object'],
    ['JitDict', new Date(), 'expected a plain object'],
    ['JitDict', new Point(1), 'expected a plain object'],
    ['JitDict', new Map(), 'expected a plain object'],
    ['JitDict', null, 'expected a plain object'],
    ['JitDict', '{"a":1}', 'expected a plain object'],
    ['JitList', { 0: 'a', length: 1 }, 'expected an array'],
    ['JitList', 'abc', 'expected an array'],
    ['RowData', [{ id: 1 }], 'expected a row (a plain object)'],
    ['RowData', new Point(1), 'expected a row (a plain object)'],
  ])('%s refuses %p', (dataType, given, reason) => {
    expect(convertValue(dataType, given, ZONE)).toEqual({ ok: false, reason });
  });

  // A value that cannot be read as JSON is refused, never thrown, and the reason says where.
  const throwing = Object.defineProperty({ ok: 1 }, 'secret', {
    enumerable: true,
    get: () => {
      throw new Error('no peeking');
    },
  });
  const looped: Record<string, unknown> = { id: 1 };
  looped.self = looped;
  test.each<[string, () => unknown, string]>([
    ['JitDict', () => new Proxy({ a: 1 }, {}), 'expected a plain object'],
    ['JitDict', () => ({ nested: new Proxy({ a: 1 }, {}) }), 'nested: a Proxy is not plain JSON'],
    ['JitDict', () => ({ deep: { list: [throwing] } }), 'deep.list[0].secret: reading it threw (no peeking)'],
    ['JitDict', () => looped, 'self: a cycle'],
    ['JitDict', () => JSON.parse('{"__proto__": {"admin": true}}'), "__proto__: an own key '__proto__' is not allowed"],
    ['JitDict', () => ({ m: new Map() }), 'm: not a plain object'],
    ['JitDict', () => ({ n: Number.NaN }), 'n: NaN is not a finite number'],
    ['JitList', () => new Proxy([1], {}), 'expected an array'],
    ['JitList', () => [1, throwing], '[1].secret: reading it threw (no peeking)'],
    [
      'JitList',
      () => {
        const l: unknown[] = [];
        l.push(l);
        return l;
      },
      '[0]: a cycle',
    ],
    ['RowData', () => new Proxy({ id: 1 }, {}), 'expected a row (a plain object)'],
    ['RowData', () => throwing, 'secret: reading it threw (no peeking)'],
    ['RowData', () => looped, 'self: a cycle'],
  ])('%s refuses a value that cannot be read as JSON (%#)', (dataType, given, says) => {
    const result = convertValue(dataType, given(), ZONE);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(says) });
  });

  test('JitDict, JitList and RowData read values as JSON.stringify does: Dates and DateTimes pass, undefined properties are left out', () => {
    const row = { when: new Date('2025-03-01T07:00:00Z'), at: DateTime.now(), gone: undefined, list: [new Date(0)] };
    expect(convertValue('RowData', row, ZONE)).toEqual({ ok: true, value: row });
    expect(convertValue('JitList', [row], ZONE)).toMatchObject({ ok: true });
    class Stamp {
      toJSON(): string {
        throw new Error('nope');
      }
    }
    expect(convertValue('JitDict', { x: new Stamp() }, ZONE)).toEqual({
      ok: false,
      reason: expect.stringContaining('x: reading it threw (nope)'),
    });
  });

  test('an unknown data type is refused with a reason naming it', () => {
    expect(convertValue('Strng', 'a', ZONE)).toEqual({ ok: false, reason: 'unknown data type "Strng"' });
  });

  test('every listed data type is known to convertValue', () => {
    for (const dataType of DATA_TYPES) {
      const result = convertValue(dataType, 'probe', ZONE);
      expect(result.ok || !result.reason.startsWith('unknown data type')).toBe(true);
    }
  });
});

describe('isPlainJsonObject: what an argDict may be', () => {
  const shared = { k: 1 };
  test.each([
    ['an empty object', {}],
    ['scalars of every JSON kind', { s: 'a', n: -1.5, t: true, f: false, z: null }],
    ['nested arrays and objects', { list: [1, [2, { deep: ['x'] }]], obj: { a: { b: {} } } }],
    ['the same child twice (not a cycle)', { a: shared, b: [shared, shared] }],
    ['an object without prototype', Object.assign(Object.create(null) as object, { a: 1 })],
  ])('accepts %s', (_label, value) => {
    expect(isPlainJsonObject(value)).toBe(true);
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const cyclicList: unknown[] = [];
  cyclicList.push(cyclicList);
  test.each([
    ['an array at the top', [1, 2]],
    ['null', null],
    ['a string', '{}'],
    ['a Date at the top', new Date()],
    ['a class instance', new Point(1)],
    ['a nested Date', { when: new Date() }],
    ['a nested luxon DateTime', { when: DateTime.now() }],
    ['a function', { fn: () => 1 }],
    ['undefined', { u: undefined }],
    ['NaN', { n: Number.NaN }],
    ['Infinity deep in a list', { list: [1, [Number.POSITIVE_INFINITY]] }],
    ['a bigint', { big: BigInt(1) }],
    ['a symbol', { s: Symbol('s') }],
    ['a Map', { m: new Map() }],
    ['a sparse array', { list: sparse }],
    ['a cycle through objects', cyclic],
    ['a cycle through a list', { list: cyclicList }],
  ])('refuses %s', (_label, value) => {
    expect(isPlainJsonObject(value)).toBe(false);
  });
});
