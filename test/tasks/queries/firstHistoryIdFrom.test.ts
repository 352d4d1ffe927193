import { firstHistoryIdFrom } from '../../../src/tasks/queries/firstHistoryIdFrom';

/** History times by id (ids 10…19, one entry a second from t = 1000 s), as the store reads them. */
const times = new Map(Array.from({ length: 10 }, (_, i) => [10 + i, 1_000_000 + i * 1000]));
const atOf = async (id: number): Promise<number | null> => {
  for (let at = id; at <= 19; at++) if (times.has(at)) return times.get(at)!;
  return null;
};
const range = { min: 10, max: 19 };

test.each([
  [0, 10],
  [1_000_000, 10],
  [1_000_001, 11],
  [1_004_000, 14],
  [1_009_000, 19],
  [1_009_001, 20],
])('the first entry at or after %i is id %i', async (from, id) => {
  expect(await firstHistoryIdFrom(from, range, atOf)).toBe(id);
});

test('an empty history starts at id 0', async () => {
  expect(await firstHistoryIdFrom(5, { min: null, max: null }, atOf)).toBe(0);
});
