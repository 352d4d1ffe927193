import { DateTime, type Zone } from 'luxon';
import { localMsToInstant, resolveZone } from './localToInstant';

/**
 * `date [ T] time [fraction] [offset]`. Only the offset decides whether the text names an instant
 * (`Z`, `+02:00`, `+0200`, `+02`) or a wall time in the app zone (no offset).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/**
 * A time value as the `Datetime` data type accepts it (SPEC §6), as a luxon DateTime set to `zone`;
 * `null` when `value` is not one.
 *
 * Accepted: `YYYY-MM-DD HH:mm[:ss[.SSS]]` (or with `T`) without offset, read as wall time in `zone`
 * (skipped and repeated wall times resolved by {@link localToInstant}); the same with `Z` or a UTC
 * offset, an exact instant; a valid JS `Date`; a valid luxon `DateTime`. Milliseconds are kept
 * (digits beyond the third are dropped). Impossible calendar dates (2024-02-30), date-only
 * strings, epoch numbers and anything else give `null`.
 *
 * @throws JitError `CONFIG_INVALID` when `zone` is not a known time zone.
 */
export function parseAppTime(value: unknown, zone: string): DateTime | null {
  const ms = parseAppTimeMs(value, zone);
  return ms === null ? null : DateTime.fromMillis(ms, { zone: resolveZone(zone) });
}

/**
 * {@link parseAppTime} as epoch milliseconds, without building a luxon DateTime: the path batch
 * task creation takes, where a DateTime per value would cost more than the database write.
 */
export function parseAppTimeMs(value: unknown, zone: string): number | null {
  // Resolved first so that an unknown zone fails loudly whatever the value.
  const tz = resolveZone(zone);
  if (typeof value === 'string') return parseText(value.trim(), tz);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (DateTime.isDateTime(value)) return value.isValid ? value.toMillis() : null;
  return null;
}

function parseText(text: string, tz: Zone): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, fraction, utc, sign, offsetHours, offsetMinutes] = m;
  const wall = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0),
    fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))] as const;
  const [y, mo, d, h, mi, s, ms] = wall;
  // Date.UTC rolls impossible fields over (Feb 30 → Mar 2): a reading is real when it round-trips.
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (y < 1 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d
    || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s) return null;
  if (sign === undefined) return utc === undefined ? localMsToInstant(local, tz) : local;
  const offsetH = Number(offsetHours);
  const offsetM = Number(offsetMinutes ?? 0);
  if (offsetH > 23 || offsetM > 59) return null;
  return local - (sign === '-' ? -1 : 1) * (offsetH * 60 + offsetM) * 60_000;
}
