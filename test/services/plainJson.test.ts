import { DateTime } from 'luxon';
import { readPlainJson } from '../../src/services/plainJson';

describe('readPlainJson: a user value read into a plain JSON copy', () => {
  test('the copy equals the value and shares nothing with it', () => {
    const value = { s: 'a', n: -1.5, t: true, z: null, list: [1, [2, { deep: ['x'] }]], obj: { a: {} } };
    const read = readPlainJson(value);
    expect(read).toEqual({ ok: true, value, getters: false });
    const copy = read.ok ? (read.value as typeof value) : value;
    expect(copy).not.toBe(value);
    expect(copy.list).not.toBe(value.list);
    expect(copy.obj.a).not.toBe(value.obj.a);
  });

  test('a getter is read once, and the copy holds its value', () => {
    let reads = 0;
    const value = Object.defineProperty({}, 'n', { enumerable: true, get: () => ++reads });
    const read = readPlainJson(value);
    expect(read).toEqual({ ok: true, value: { n: 1 }, getters: true });
    expect(reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(read.ok ? read.value : {}, 'n')).toMatchObject({ value: 1 });
  });

  test('a Proxy is refused without running any of its traps', () => {
    const trapped: string[] = [];
    const handler: ProxyHandler<object> = new Proxy(
      {},
      {
        get: (_t, trap) => {
          trapped.push(String(trap));
          return undefined;
        },
      },
    );
    expect(readPlainJson({ p: new Proxy({}, handler) })).toEqual({ ok: false, path: 'p', reason: 'a Proxy is not plain JSON' });
    expect(trapped).toEqual([]);
  });

  test('a revoked Proxy is refused, not thrown', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(readPlainJson([proxy])).toEqual({ ok: false, path: '[0]', reason: 'a Proxy is not plain JSON' });
  });

  test('whatever a getter throws (even a Proxy) is a refusal', () => {
    const value = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Proxy({}, {});
      },
    });
    expect(readPlainJson({ a: [value] })).toEqual({ ok: false, path: 'a[0].x', reason: 'reading it threw (not an Error: object)' });
  });

  test('nesting beyond 1000 levels is refused, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(readPlainJson(deep)).toMatchObject({ ok: false, reason: 'nested deeper than 1000 levels' });
  });

  const holey: unknown[] = [1];
  holey[2] = 3;
  test.each<[string, unknown, string]>([
    ['a Date', { when: new Date(0) }, 'when'],
    ['undefined', { u: undefined }, 'u'],
    ['a hole', { list: holey }, 'list[1]'],
    ['Infinity', { n: [Number.POSITIVE_INFINITY] }, 'n[0]'],
    ['a bigint', { big: 1n }, 'big'],
    ['an own constructor key', { constructor: 1 }, 'constructor'],
  ])('refuses %s, naming where', (_, value, path) => {
    expect(readPlainJson(value)).toMatchObject({ ok: false, path });
  });

  test('asStringified reads Dates and DateTimes through toJSON and leaves out undefined properties, as JSON.stringify does', () => {
    const at = DateTime.fromISO('2025-03-01T08:00:00+01:00', { setZone: true });
    const value = { when: new Date('2025-03-01T07:00:00Z'), at, gone: undefined };
    expect(readPlainJson(value, { asStringified: true })).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)), getters: false });
    expect(readPlainJson({ list: [undefined] }, { asStringified: true })).toMatchObject({ ok: false, path: 'list[0]' });
    expect(readPlainJson({ m: new Map() }, { asStringified: true })).toMatchObject({ ok: false, path: 'm' });
  });
});
