import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import { resolveZone } from './localToInstant';
import { zoneOffset } from './zoneOffset';

/**
 * `t` (a luxon DateTime or epoch milliseconds) as `YYYY-MM-DD HH:mm:ss` in `zone`: the form every
 * time handed back to callers takes (SPEC §5). Milliseconds are dropped from the text only.
 * Formatted by hand from the zone's (cached) offset: listings format thousands of times at once.
 *
 * @throws JitError `CONFIG_INVALID` for an unknown zone; `API_PARAMS_ERROR` for an invalid
 *   DateTime or a non-finite number, which would otherwise be written out as "Invalid DateTime".
 */
export function formatAppTime(t: DateTime | number, zone: string): string {
  const ms = typeof t === 'number' ? t : t.isValid ? t.toMillis() : NaN;
  if (!Number.isFinite(ms)) throw new JitError('API_PARAMS_ERROR', `cannot format an invalid time (${String(t)})`);
  const wall = new Date(ms + zoneOffset(resolveZone(zone), ms) * 60_000);
  if (Number.isNaN(wall.getTime())) throw new JitError('API_PARAMS_ERROR', `cannot format an invalid time (${String(t)})`);
  const year = wall.getUTCFullYear();
  if (year < 0 || year > 9999) return DateTime.fromMillis(ms, { zone: resolveZone(zone) }).toFormat('yyyy-MM-dd HH:mm:ss');
  return `${String(year).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
