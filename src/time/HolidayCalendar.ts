import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEARLY_DATE = /^\d{2}-\d{2}$/;
/** A leap year, so that a yearly `02-29` is accepted as a real date. */
const LEAP_YEAR = 2000;

/**
 * The holidays an app configures for `skipHoliday` task templates (`settings.holidays`): dates in
 * `YYYY-MM-DD` form, and dates that recur every year in `MM-DD` form. A date is a holiday in
 * whatever zone the caller reads it in, so callers pass times already set to the app zone.
 */
export class HolidayCalendar {
  private readonly dates = new Set<string>();
  private readonly yearly = new Set<string>();

  /**
   * @param entries `YYYY-MM-DD` or `MM-DD` strings (typed `unknown` because they come from config).
   * @param key the settings key the entries come from, named in error messages.
   * @throws JitError `CONFIG_INVALID` naming the first entry that is not a real date in either form
   *   (see {@link HolidayCalendar.dateProblem}).
   */
  constructor(entries: readonly unknown[], key = 'holidays') {
    entries.forEach((entry, index) => {
      const problem = HolidayCalendar.dateProblem(entry);
      if (problem !== undefined) throw new JitError('CONFIG_INVALID', `${key}[${index}]: ${problem}`);
      (FULL_DATE.test(entry as string) ? this.dates : this.yearly).add(entry as string);
    });
  }

  /**
   * What is wrong with one entry of a holiday list, or undefined when it is a real date in either
   * form: the one rule that both the loader's check and the calendar itself apply.
   */
  static dateProblem(entry: unknown): string | undefined {
    if (typeof entry !== 'string') return `${JSON.stringify(entry)} is not a date string`;
    if (FULL_DATE.test(entry) && DateTime.fromISO(entry, { zone: 'utc' }).isValid) return undefined;
    if (YEARLY_DATE.test(entry) && DateTime.fromISO(`${LEAP_YEAR}-${entry}`, { zone: 'utc' }).isValid) return undefined;
    return `${JSON.stringify(entry)} is not a date (YYYY-MM-DD, or MM-DD for every year)`;
  }

  /** True when the calendar date of `date`, read in `date`'s own zone, is a holiday. */
  isHoliday(date: DateTime): boolean {
    return this.dates.has(date.toFormat('yyyy-MM-dd')) || this.yearly.has(date.toFormat('MM-dd'));
  }
}
