import { DateTime, type Zone } from 'luxon';
import { JitError } from '../errors/JitError';

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
  // The wall reading as if it were UTC: an instant t shows this reading when t + offset(t) === local.
  const local = asUtc.toMillis();
  const offsetsNearby = new Set([tz.offset(local - MS_PER_DAY), tz.offset(local), tz.offset(local + MS_PER_DAY)]);
  const readings = [...offsetsNearby]
    .map((offset) => local - offset * MS_PER_MINUTE)
    .filter((t) => t + tz.offset(t) * MS_PER_MINUTE === local);
  if (readings.length > 0) {
    return DateTime.fromMillis(Math.min(...readings), { zone: tz });
  }
  return DateTime.fromMillis(firstInstantAfterGap(tz, local, [...offsetsNearby]), { zone: tz });
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
  const probe = DateTime.fromMillis(0, { zone });
  if (!probe.isValid) throw new JitError('CONFIG_INVALID', `unknown time zone "${zone}"`);
  return probe.zone;
}

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
    if (mid + tz.offset(mid) * MS_PER_MINUTE >= local) after = mid;
    else before = mid;
  }
  return after;
}
