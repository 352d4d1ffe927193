import { DateTime, type Zone } from 'luxon';
import { localMsToInstant, resolveZone } from './localToInstant';

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

/**
 * `YYYY-MM-DD[ T]HH:mm[:ss[.fraction]][offset]`, case-insensitive `T` and `Z`. Only the offset
 * decides whether the text names an instant (`Z`, `+02:00`, `+0200`, `+02`) or a wall time in the
 * app zone (no offset). Read character by character: a batch of 100,000 tasks parses 100,000 of
 * these, and a regular expression with its match arrays cost several times as much.
 */
function parseText(text: string, tz: Zone): number | null {
  const n = text.length;
  if (n < 16 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(13) !== COLON) return null;
  const sep = text.charCodeAt(10);
  if (sep !== SPACE && sep !== UPPER_T && sep !== LOWER_T) return null;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  const h = digitsAt(text, 11, 2);
  const mi = digitsAt(text, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return null;
  let i = 16;
  let s = 0;
  let ms = 0;
  if (text.charCodeAt(i) === COLON) {
    s = digitsAt(text, i + 1, 2);
    if (s < 0) return null;
    i += 3;
    if (text.charCodeAt(i) === POINT) {
      // 1 to 9 digits; milliseconds are the first three (digits beyond them are dropped).
      const start = ++i;
      while (i - start < 9 && isDigit(text.charCodeAt(i))) i++;
      const length = i - start;
      if (length === 0) return null;
      ms = digitsAt(text, start, Math.min(length, 3)) * 10 ** Math.max(0, 3 - length);
    }
  }
  let offsetMinutes: number | null = null;
  const mark = text.charCodeAt(i);
  if (mark === UPPER_Z || mark === LOWER_Z) {
    offsetMinutes = 0;
    i++;
  } else if (mark === PLUS || mark === DASH) {
    // ±HH, ±HHmm or ±HH:mm
    const offsetH = digitsAt(text, i + 1, 2);
    i += 3;
    const colon = text.charCodeAt(i) === COLON;
    if (colon) i++;
    let offsetM = 0;
    if (colon || i < n) {
      offsetM = digitsAt(text, i, 2);
      i += 2;
    }
    if (offsetH < 0 || offsetM < 0 || offsetH > 23 || offsetM > 59) return null;
    offsetMinutes = (mark === DASH ? -1 : 1) * (offsetH * 60 + offsetM);
  }
  if (i !== n) return null;
  // Date.UTC rolls impossible fields over (Feb 30 → Mar 2): a reading is real when it round-trips.
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (
    y < 1 ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  )
    return null;
  return offsetMinutes === null ? localMsToInstant(local, tz) : local - offsetMinutes * 60_000;
}

const [SPACE, PLUS, DASH, POINT, COLON, UPPER_T, LOWER_T, UPPER_Z, LOWER_Z] = [...' +-.:TtZz'].map((c) => c.charCodeAt(0));

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The `count` characters of `text` from `at` as a decimal number; -1 unless they are all digits. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = at; k < at + count; k++) {
    const code = text.charCodeAt(k); // NaN past the end: not a digit
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}
