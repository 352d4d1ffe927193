import type { DateTime } from 'luxon';
import type { HolidayCalendar } from '../../src/time/HolidayCalendar';
import { nextOccurrence } from '../../src/time/nextOccurrence';
import { parseAppTime } from '../../src/time/parseAppTime';
import type { TimerCfg } from '../../src/time/TimerCfg';

/** A wall time in `zone`, as a template author writes it. */
export function at(text: string, zone: string): DateTime {
  const t = parseAppTime(text, zone);
  if (t === null) throw new Error(`test setup: bad time ${text}`);
  return t;
}

/** A run as the reader checks it: local wall time with the offset in force, e.g. `2024-03-31 09:00:00 +02:00`. */
export function show(t: DateTime | null): string | null {
  return t === null ? null : t.toFormat('yyyy-MM-dd HH:mm:ss ZZ');
}

/**
 * The next `count` runs after `after` (a wall time in `zone`), each asked for as the scheduler
 * does: strictly after the previous run. Stops early at the end of the series (shown as null).
 */
export function runs(cfg: TimerCfg, zone: string, after: string, count: number, holidays?: HolidayCalendar): (string | null)[] {
  const out: (string | null)[] = [];
  let cursor: DateTime | null = at(after, zone);
  while (cursor !== null && out.length < count) {
    cursor = nextOccurrence(cfg, cursor, zone, holidays);
    out.push(show(cursor));
  }
  return out;
}
