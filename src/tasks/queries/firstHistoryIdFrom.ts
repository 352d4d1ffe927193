/**
 * The id of the first history entry written at or after `from`, found by bisecting the ids with
 * `atOf(id)` (the time of the first entry whose id is at least `id`, or null past the end): a few
 * primary-key reads instead of an index on the time, which every run would pay for twice (its
 * `started` and its end entry) to serve charts of the last hours. Entries are written with the
 * writer's clock in id order, so times rise with ids but for processes whose clocks disagree; an
 * entry written out of order is at most that disagreement away from its place.
 */
export async function firstHistoryIdFrom(
  from: number,
  range: { min: number | null; max: number | null },
  atOf: (id: number) => Promise<number | null>,
): Promise<number> {
  if (range.min === null || range.max === null) return 0;
  let lo = range.min;
  let hi = range.max + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const at = await atOf(mid);
    if (at !== null && at >= from) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
