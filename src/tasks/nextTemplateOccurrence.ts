import { DateTime } from 'luxon';
import type { App } from '../runtime/App';
import { HolidayCalendar } from '../time/HolidayCalendar';
import { nextOccurrence } from '../time/nextOccurrence';
import type { TimerCfg } from '../time/TimerCfg';

const calendars = new WeakMap<App, HolidayCalendar>();

/**
 * The first occurrence of a timer template's rule strictly after `after` (epoch ms), with the app's
 * zone and holiday calendar (`settings.holidays`): the one computation behind both the scheduler's
 * next occurrence and `getNextRunTime`, so the two never disagree.
 */
export function nextTemplateOccurrence(app: App, cfg: TimerCfg, after: number): DateTime | null {
  const zone = app.timezone;
  return nextOccurrence(cfg, DateTime.fromMillis(after, { zone }), zone, cfg.skipHoliday ? holidaysOf(app) : undefined);
}

/** The app's holiday calendar, read once per app. */
export function holidaysOf(app: App): HolidayCalendar {
  let calendar = calendars.get(app);
  if (!calendar) {
    calendar = new HolidayCalendar(Array.isArray(app.settings.holidays) ? app.settings.holidays : [], 'settings.holidays');
    calendars.set(app, calendar);
  }
  return calendar;
}
