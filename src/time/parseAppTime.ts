import { DateTime, type Zone } from 'luxon';
import { localToInstant, resolveZone, wallAsUtc } from './localToInstant';

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
  // Resolved first so that an unknown zone fails loudly whatever the value.
  const tz = resolveZone(zone);
  if (typeof value === 'string') return parseText(value.trim(), zone, tz);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : DateTime.fromJSDate(value, { zone: tz });
  if (DateTime.isDateTime(value)) return value.isValid ? value.setZone(tz) : null;
  return null;
}

function parseText(text: string, zone: string, tz: Zone): DateTime | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, fraction, utc, sign, offsetHours, offsetMinutes] = m;
  const wall = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  };
  const asUtc = wallAsUtc(wall);
  if (asUtc === null) return null;
  if (sign === undefined) return utc === undefined ? localToInstant(wall, zone) : asUtc.setZone(tz);
  const offsetH = Number(offsetHours);
  const offsetM = Number(offsetMinutes ?? 0);
  if (offsetH > 23 || offsetM > 59) return null;
  const offset = (sign === '-' ? -1 : 1) * (offsetH * 60 + offsetM);
  return asUtc.minus({ minutes: offset }).setZone(tz);
}
