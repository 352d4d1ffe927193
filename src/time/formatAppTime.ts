import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import { resolveZone } from './localToInstant';

/**
 * `t` (a luxon DateTime or epoch milliseconds) as `YYYY-MM-DD HH:mm:ss` in `zone`: the form every
 * time handed back to callers takes (SPEC §5). Milliseconds are dropped from the text only.
 *
 * @throws JitError `CONFIG_INVALID` for an unknown zone; `API_PARAMS_ERROR` for an invalid
 *   DateTime or a non-finite number, which would otherwise be written out as "Invalid DateTime".
 */
export function formatAppTime(t: DateTime | number, zone: string): string {
  const instant = typeof t === 'number' ? DateTime.fromMillis(t) : t;
  if (!instant.isValid) throw new JitError('API_PARAMS_ERROR', `cannot format an invalid time (${String(t)})`);
  return instant.setZone(resolveZone(zone)).toFormat('yyyy-MM-dd HH:mm:ss');
}
