import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEARLY_DATE = /^\d{2}-\d{2}$/;
/** A leap year, so that a yearly `02-29` is accepted as a real date. */
const LEAP_YEAR = 2000;

/**
 * The holidays an app configures for `skipHoliday` task templates (SPEC §7.1): dates in
 * `YYYY-MM-DD` form, and dates that recur every year in `MM-DD` form. A date is a holiday in
 * whatever zone the caller reads it in, so callers pass times already set to the app zone.
 */
export class HolidayCalendar {
  private readonly dates = new Set<string>();
  private readonly yearly = new Set<string>();

  /**
   * @param entries `YYYY-MM-DD` or `MM-DD` strings (typed `unknown` because they come from config).
   * @param key the settings key the entries come from, named in error messages.
   * @throws JitError `CONFIG_INVALID` naming the first entry that is not a real date in either form.
   */
  constructor(entries: readonly unknown[], key = 'holidays') {
    entries.forEach((entry, index) => {
      if (typeof entry !== 'string') {
        throw new JitError('CONFIG_INVALID', `${key}[${index}]: ${JSON.stringify(entry)} is not a date string`);
      }
      if (FULL_DATE.test(entry) && DateTime.fromISO(entry, { zone: 'utc' }).isValid) {
        this.dates.add(entry);
      } else if (YEARLY_DATE.test(entry) && DateTime.fromISO(`${LEAP_YEAR}-${entry}`, { zone: 'utc' }).isValid) {
        this.yearly.add(entry);
      } else {
        throw new JitError(
          'CONFIG_INVALID',
          `${key}[${index}]: ${JSON.stringify(entry)} is not a date (YYYY-MM-DD, or MM-DD for every year)`,
        );
      }
    });
  }

  /** True when the calendar date of `date`, read in `date`'s own zone, is a holiday. */
  isHoliday(date: DateTime): boolean {
    return this.dates.has(date.toFormat('yyyy-MM-dd')) || this.yearly.has(date.toFormat('MM-dd'));
  }
}
