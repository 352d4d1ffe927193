import { DateTime } from 'luxon';
import { resolveZone, wallAsUtc } from './localToInstant';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as the `Date` data type accepts it (SPEC §6), as `YYYY-MM-DD`; `null` when
 * `value` is not one. A `YYYY-MM-DD` string must name a real day (2024-02-29 yes, 2023-02-29 no);
 * a valid JS `Date` or luxon `DateTime` gives its calendar date in `zone`, because one instant
 * falls on different days in different zones. Strings with a time of day are refused rather than
 * truncated, so a mistyped Datetime value is not silently taken for a date.
 *
 * @throws JitError `CONFIG_INVALID` when `zone` is not a known time zone.
 */
export function parseAppDate(value: unknown, zone: string): string | null {
  const tz = resolveZone(zone);
  if (typeof value === 'string') {
    const m = DATE.exec(value.trim());
    if (!m) return null;
    const date = wallAsUtc({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    return date === null ? null : date.toISODate();
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : DateTime.fromJSDate(value, { zone: tz }).toISODate();
  }
  if (DateTime.isDateTime(value)) return value.isValid ? value.setZone(tz).toISODate() : null;
  return null;
}
