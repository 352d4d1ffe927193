import type { Zone } from 'luxon';

/** Real time zones change offset only at instants that are whole quarter hours in UTC. */
const BUCKET_MS = 15 * 60_000;
/** Cached quarter hours per zone before the cache starts over (a few hundred KB at most). */
const MAX_ENTRIES = 20_000;

const caches = new WeakMap<Zone, Map<number, number>>();

/**
 * `zone`'s UTC offset in minutes at instant `ms`. luxon asks `Intl` every time (tens of
 * microseconds); this remembers the answer per quarter hour, which is exact because offsets change
 * only on quarter-hour boundaries, and makes parsing a batch of times in one zone cheap.
 */
export function zoneOffset(zone: Zone, ms: number): number {
  if (zone.isUniversal) return zone.offset(ms);
  let cache = caches.get(zone);
  if (!cache) {
    cache = new Map();
    caches.set(zone, cache);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    offset = zone.offset(bucket * BUCKET_MS);
    cache.set(bucket, offset);
  }
  return offset;
}
