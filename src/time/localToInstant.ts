import { DateTime, type Zone } from 'luxon';
import { JitError } from '../errors/JitError';
import { zoneOffset } from './zoneOffset';

/** A wall-clock reading in some zone: calendar fields, time of day defaulting to 00:00:00.000. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * The instant at which clocks in `zone` read `wall` (SPEC §7.1), as a luxon DateTime set to `zone`.
 *
 * luxon's `fromObject` pushes a skipped wall time forward by the gap's length (02:30 → 03:30);
 * the spec wants the first instant after the gap instead (02:30 → 03:00), and for a wall time that
 * occurs twice it wants the first occurrence. Both hold for gaps of any length (30-minute shifts
 * such as Australia/Lord_Howe) and at any time of day (midnight gaps such as America/Santiago).
 *
 * @throws JitError `CONFIG_INVALID` when `zone` is not a known time zone, or `wall` is not a real
 *   calendar date and time of day (Feb 30, 24:00, fractional fields): callers hold already
 *   validated values, so such input is a definition that slipped past validation.
 */
export function localToInstant(wall: WallTime, zone: string): DateTime {
  const tz = resolveZone(zone);
  const asUtc = wallAsUtc(wall);
  if (asUtc === null) throw new JitError('CONFIG_INVALID', `no such date and time: ${JSON.stringify(wall)}`);
  return DateTime.fromMillis(localMsToInstant(asUtc.toMillis(), tz), { zone: tz });
}

/**
 * {@link localToInstant} on epoch numbers, for hot paths: `local` is the wall reading taken as if
 * it were UTC; the result is the instant in ms.
 */
export function localMsToInstant(local: number, tz: Zone): number {
  // An instant t shows the reading when t + offset(t) === local.
  const offsetsNearby = new Set([zoneOffset(tz, local - MS_PER_DAY), zoneOffset(tz, local), zoneOffset(tz, local + MS_PER_DAY)]);
  let first = Infinity;
  for (const offset of offsetsNearby) {
    const t = local - offset * MS_PER_MINUTE;
    if (t + zoneOffset(tz, t) * MS_PER_MINUTE === local && t < first) first = t;
  }
  return first !== Infinity ? first : firstInstantAfterGap(tz, local, [...offsetsNearby]);
}

/**
 * The instant at which UTC clocks read `wall`, or `null` when `wall` is not a real calendar date
 * and time of day (Feb 30, minute 60, fractional fields, 24:00 which luxon would take for the next
 * day's midnight). The one place that decides whether a wall reading can exist.
 */
export function wallAsUtc(wall: WallTime): DateTime | null {
  const asUtc = DateTime.fromObject(wall, { zone: 'utc' });
  return asUtc.isValid && wall.hour !== 24 ? asUtc : null;
}

/**
 * The luxon zone named `zone` (an IANA name such as `Asia/Shanghai`, `UTC`, or a fixed offset such
 * as `UTC+8`). Shared by the app-time helpers so an unknown zone fails the same way everywhere.
 *
 * @throws JitError `CONFIG_INVALID` when `zone` is not a known time zone.
 */
export function resolveZone(zone: string): Zone {
  let resolved = zones.get(zone);
  if (!resolved) {
    const probe = DateTime.fromMillis(0, { zone });
    if (!probe.isValid) throw new JitError('CONFIG_INVALID', `unknown time zone "${zone}"`);
    resolved = probe.zone;
    zones.set(zone, resolved);
  }
  return resolved;
}

/** Zones by name: looking one up costs an `Intl` call, and apps use one or two. */
const zones = new Map<string, Zone>();

/**
 * The transition instant that skips the wall reading `local`. It lies between `local` read with
 * the largest nearby offset and with the smallest; within that span the clock only jumps forward,
 * so the first instant whose reading reaches `local` is found by bisection (to the millisecond).
 */
function firstInstantAfterGap(tz: Zone, local: number, offsets: number[]): number {
  let before = local - Math.max(...offsets) * MS_PER_MINUTE;
  let after = local - Math.min(...offsets) * MS_PER_MINUTE;
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (mid + tz.offset(mid) * MS_PER_MINUTE >= local)
      after = mid; // exact, not bucketed: the gap's edge
    else before = mid;
  }
  return after;
}
