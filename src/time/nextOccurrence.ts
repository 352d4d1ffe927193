import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import type { HolidayCalendar } from './HolidayCalendar';
import { localToInstant, type WallTime } from './localToInstant';
import { parseAppTime } from './parseAppTime';
import type { RepeatCfg, TimerCfg } from './TimerCfg';
import { validateTimerCfg } from './validateTimerCfg';

/** How many holidays in a row `skipHoliday` steps over before it gives the series up as ended. */
const MAX_HOLIDAY_SKIPS = 1000;
const MS_PER_UNIT = { minute: 60_000, hour: 3_600_000 };
const MS_PER_DAY = 86_400_000;
/**
 * Series end with the year 9999: app times are written with four-digit years, and luxon cannot
 * represent dates far beyond it (a huge `period` would otherwise step into invalid dates).
 */
const LAST_DATE = DateTime.utc(9999, 12, 31);

/**
 * A repeat rule bound to its anchor. Occurrences are grouped by period (the k-th day, week, month
 * or year counted from `startTime`), so a far-away time is reached by arithmetic on k, never by
 * stepping through the occurrences in between.
 */
interface Series {
  /** A period index at or before the period holding the first occurrence after `t`. */
  periodNear(t: DateTime): number;
  /** The index of the series' last period. */
  lastPeriod: number;
  /** The occurrences of the k-th period (0 ≤ k ≤ lastPeriod), in ascending order; never empty. */
  occurrences(k: number): DateTime[];
}

/**
 * The first occurrence of the template's schedule strictly after `after` (SPEC §7.1), set to
 * `zone`; null when the series has ended (past `endTime`, a `normal` task already due, or
 * `skipHoliday` finding no working day within {@link MAX_HOLIDAY_SKIPS} holidays).
 *
 * Refinements (`weekday`, `day`, year's `month`/`week`/`weekday`) choose the days; `startTime`
 * gives the time of day and is a lower bound, so a refined series starts at its first chosen day
 * at or after `startTime`, which is not necessarily `startTime` itself.
 *
 * @param zone the app zone: naive times in `cfg` are read in it, and day-and-longer rules keep
 *   its wall-clock time.
 * @param holidays consulted only when `cfg.skipHoliday` is true.
 * @throws JitError `CONFIG_INVALID` for an invalid `cfg` (message names every bad key) or zone;
 *   `API_PARAMS_ERROR` for an invalid `after`.
 */
export function nextOccurrence(cfg: TimerCfg, after: DateTime, zone: string, holidays?: HolidayCalendar): DateTime | null {
  const problems = validateTimerCfg(cfg);
  if (problems.length > 0) throw new JitError('CONFIG_INVALID', problems.join('; '));
  if (!after.isValid) throw new JitError('API_PARAMS_ERROR', `after: not a valid time (${after.invalidExplanation ?? ''})`);
  const start = validTime(cfg.startTime, zone);
  const end = cfg.endTime === undefined || cfg.endTime === null ? null : validTime(cfg.endTime, zone);
  const series = buildSeries(cfg.repeat ?? { repeatType: 'normal' }, start, wallOf(cfg.startTime, start), zone);

  let cursor = after;
  for (let skipped = 0; skipped <= MAX_HOLIDAY_SKIPS; skipped++) {
    const next = firstAfter(series, start, cursor);
    if (next === null || (end !== null && next.toMillis() > end.toMillis())) return null;
    if (!cfg.skipHoliday || !holidays?.isHoliday(next)) return next;
    cursor = lastInstantOfDay(next, zone);
  }
  return null;
}

function firstAfter(series: Series, start: DateTime, t: DateTime): DateTime | null {
  // Runs a few periods at most: periodNear is at most a couple of periods early, and every
  // period holds an occurrence.
  for (let k = series.periodNear(t); k <= series.lastPeriod; k++) {
    const found = series.occurrences(k).find((c) => c.toMillis() > t.toMillis() && c.toMillis() >= start.toMillis());
    if (found) return found;
  }
  return null;
}

function buildSeries(repeat: RepeatCfg, start: DateTime, anchor: WallTime, zone: string): Series {
  const period = repeat.period ?? 1;
  const startDate = DateTime.utc(anchor.year, anchor.month, anchor.day);
  // Calendar arithmetic runs on UTC dates (no DST), and only the final date meets the zone.
  const at = (date: DateTime): DateTime =>
    // On the anchor's own date the occurrence is startTime itself, even when startTime names the
    // second reading of a doubled wall time, which localToInstant would map to the first.
    date.equals(startDate) ? start : localToInstant({ ...anchor, year: date.year, month: date.month, day: date.day }, zone);
  const localDate = (t: DateTime): DateTime => {
    const local = t.setZone(zone);
    return DateTime.utc(local.year, local.month, local.day);
  };
  // One period early, so that an occurrence pushed across midnight by a DST gap is never missed.
  const near = (elapsed: number): number => Math.max(0, Math.floor(elapsed / period) - 1);
  const periodsUntil = (elapsed: number): number => Math.floor(elapsed / period);

  switch (repeat.repeatType) {
    case 'normal':
      return { periodNear: () => 0, lastPeriod: 0, occurrences: () => [start] };
    case 'minute':
    case 'hour': {
      const step = period * MS_PER_UNIT[repeat.repeatType];
      return {
        periodNear: (t) => Math.max(0, Math.floor((t.toMillis() - start.toMillis()) / step)),
        lastPeriod: Math.floor((LAST_DATE.toMillis() - start.toMillis()) / step),
        occurrences: (k) => [start.plus({ milliseconds: k * step })],
      };
    }
    case 'day':
      return {
        periodNear: (t) => near(daysBetween(startDate, localDate(t))),
        lastPeriod: periodsUntil(daysBetween(startDate, LAST_DATE)),
        occurrences: (k) => [at(startDate.plus({ days: k * period }))],
      };
    case 'week': {
      const monday = startDate.minus({ days: startDate.weekday - 1 });
      const weekdays = sortedUnique(repeat.weekday ?? [startDate.weekday]);
      return {
        periodNear: (t) => near(Math.floor(daysBetween(monday, localDate(t)) / 7)),
        lastPeriod: periodsUntil(Math.floor(daysBetween(monday, LAST_DATE) / 7)),
        occurrences: (k) => weekdays.map((wd) => at(monday.plus({ days: k * period * 7 + wd - 1 }))),
      };
    }
    case 'month': {
      const days = repeat.day ?? [anchor.day];
      return {
        periodNear: (t) => near(monthIndex(localDate(t)) - monthIndex(startDate)),
        lastPeriod: periodsUntil(monthIndex(LAST_DATE) - monthIndex(startDate)),
        occurrences: (k) => {
          const first = monthStart(monthIndex(startDate) + k * period);
          const last = daysIn(first);
          // -1 is the last day; a day the month lacks (31 in April) falls back to the last day.
          return sortedUnique(days.map((d) => (d === -1 ? last : Math.min(d, last)))).map((d) => at(first.set({ day: d })));
        },
      };
    }
    case 'year': {
      const { month, week, weekday } = repeat;
      const chosenWeekday = weekday?.[0];
      return {
        periodNear: (t) => near(localDate(t).year - startDate.year),
        lastPeriod: periodsUntil(LAST_DATE.year - startDate.year),
        occurrences: (k) => {
          const year = startDate.year + k * period;
          if (month !== undefined && week !== undefined && chosenWeekday !== undefined) {
            return [at(nthWeekday(year, month, week, chosenWeekday))];
          }
          // Feb 29 falls back to Feb 28 in common years; leap years get Feb 29 again.
          const first = DateTime.utc(year, startDate.month, 1);
          return [at(first.set({ day: Math.min(startDate.day, daysIn(first)) }))];
        },
      };
    }
  }
}

/**
 * The wall-clock reading the series keeps. For a naive `startTime` it is the text as written,
 * even when that reading falls in a DST gap (02:30 written, 03:00 the first run): read in UTC, such
 * text names another instant than in `zone`. A `startTime` with an offset names an instant, read
 * in UTC and in `zone` alike, and the series keeps that instant's reading in `zone`.
 */
function wallOf(startTime: string, start: DateTime): WallTime {
  const asUtc = validTime(startTime, 'utc');
  const reading = asUtc.toMillis() === start.toMillis() ? start : asUtc;
  const { year, month, day, hour, minute, second, millisecond } = reading;
  return { year, month, day, hour, minute, second, millisecond };
}

/** An app time from a validated `cfg`; the check only narrows the type. */
function validTime(value: string, zone: string): DateTime {
  const t = parseAppTime(value, zone);
  if (t === null) throw new JitError('CONFIG_INVALID', `timerCfg: ${JSON.stringify(value)} is not a time`);
  return t;
}

/** The last millisecond of `t`'s calendar day in `zone`, found as the next day's first instant. */
function lastInstantOfDay(t: DateTime, zone: string): DateTime {
  const local = t.setZone(zone);
  const next = DateTime.utc(local.year, local.month, local.day).plus({ days: 1 });
  return localToInstant({ year: next.year, month: next.month, day: next.day }, zone).minus({ milliseconds: 1 });
}

/** The `week`-th (`-1` = last) `weekday` of a month; a 5th that the month lacks is its last. */
function nthWeekday(year: number, month: number, week: number, weekday: number): DateTime {
  const first = DateTime.utc(year, month, 1);
  const firstMatch = 1 + ((weekday - first.weekday + 7) % 7);
  const lastMatch = firstMatch + 7 * Math.floor((daysIn(first) - firstMatch) / 7);
  const day = week === -1 ? lastMatch : Math.min(firstMatch + 7 * (week - 1), lastMatch);
  return first.set({ day });
}

/** Whole days between two UTC dates; UTC days are all 24 hours long. */
function daysBetween(from: DateTime, to: DateTime): number {
  return Math.round((to.toMillis() - from.toMillis()) / MS_PER_DAY);
}

/** Months since year 0, so month steps are integer arithmetic. */
function monthIndex(date: DateTime): number {
  return date.year * 12 + date.month - 1;
}

function monthStart(index: number): DateTime {
  return DateTime.utc(Math.floor(index / 12), (index % 12) + 1, 1);
}

function daysIn(date: DateTime): number {
  return date.endOf('month').day;
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
