import { DateTime } from 'luxon';
import { isJitError } from '../../src/errors/JitError';
import { HolidayCalendar } from '../../src/time/HolidayCalendar';
import type { TimerCfg } from '../../src/time/TimerCfg';
import { at, runs } from './repeatHelpers';

const ZONE = 'Europe/Berlin';

describe('HolidayCalendar', () => {
  const calendar = new HolidayCalendar(['2024-12-24', '01-01', '02-29']);

  const cases: [string, boolean][] = [
    ['2024-12-24 10:00:00', true],
    ['2025-12-24 10:00:00', false], // a dated holiday holds in its year only
    ['2024-01-01 00:00:00', true],
    ['2031-01-01 23:59:59', true], // MM-DD recurs every year
    ['2024-02-29 12:00:00', true],
    ['2024-03-01 12:00:00', false],
  ];

  it.each(cases)('%s is a holiday: %s', (time, expected) => {
    expect(calendar.isHoliday(at(time, ZONE))).toBe(expected);
  });

  it('reads the date in the zone of the time it is given', () => {
    const instant = DateTime.fromISO('2024-12-31T23:30:00Z'); // Jan 1 in Berlin, Dec 31 in New York
    expect(calendar.isHoliday(instant.setZone('Europe/Berlin'))).toBe(true);
    expect(calendar.isHoliday(instant.setZone('America/New_York'))).toBe(false);
  });

  const bad: [string, unknown[], string][] = [
    ['an impossible date', ['2024-01-01', '2023-02-29'], 'holidays[1]'],
    ['an unpadded date', ['2024-1-5'], 'holidays[0]'],
    ['an impossible yearly date', ['13-01'], 'holidays[0]'],
    ['a date with a time', ['2024-01-01 00:00:00'], 'holidays[0]'],
    ['a number', [20240101], 'holidays[0]'],
  ];

  it.each(bad)('rejects %s, naming the entry', (_name, entries, where) => {
    let thrown: unknown;
    try {
      new HolidayCalendar(entries);
    } catch (err) {
      thrown = err;
    }
    expect(isJitError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain(where);
  });

  it('names the settings key it was given', () => {
    expect(() => new HolidayCalendar(['xmas'], 'settings.holidays')).toThrow('settings.holidays[0]');
  });
});

describe('skipHoliday moves a run on a holiday to the rule’s next non-holiday occurrence', () => {
  const christmas = new HolidayCalendar(['2024-12-25', '2024-12-26', '01-01']);

  const cases: [string, TimerCfg, string, (string | null)[]][] = [
    [
      'daily: two holidays in a row',
      { startTime: '2024-12-01 09:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: true },
      '2024-12-24 12:00:00',
      ['2024-12-27 09:00:00 +01:00', '2024-12-28 09:00:00 +01:00'],
    ],
    [
      'weekly on Wednesday: the next Wednesday, not the next working day',
      { startTime: '2024-12-04 09:00:00', repeat: { repeatType: 'week', period: 1 }, skipHoliday: true },
      '2024-12-18 12:00:00',
      ['2025-01-08 09:00:00 +01:00'], // Dec 25 and Jan 1 are holidays
    ],
    [
      'every 5 hours: the first run of the grid after the holiday',
      { startTime: '2024-12-24 20:00:00', repeat: { repeatType: 'hour', period: 5 }, skipHoliday: true },
      '2024-12-24 19:00:00',
      ['2024-12-24 20:00:00 +01:00', '2024-12-27 03:00:00 +01:00', '2024-12-27 08:00:00 +01:00'],
    ],
    [
      'every minute: a holiday is skipped in one step, not minute by minute',
      { startTime: '2024-12-01 00:00:00', repeat: { repeatType: 'minute', period: 1 }, skipHoliday: true },
      '2024-12-24 23:58:30',
      ['2024-12-24 23:59:00 +01:00', '2024-12-27 00:00:00 +01:00'],
    ],
    [
      'yearly on New Year: every year is a holiday, so the series never runs',
      { startTime: '2025-01-01 09:00:00', repeat: { repeatType: 'year', period: 1 }, skipHoliday: true },
      '2024-12-01 00:00:00',
      [null],
    ],
    ['once, on a holiday: nothing to move to', { startTime: '2024-12-25 09:00:00', skipHoliday: true }, '2024-12-01 00:00:00', [null]],
    [
      'moved past endTime: the series ends',
      { startTime: '2024-12-01 09:00:00', endTime: '2024-12-26 18:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: true },
      '2024-12-24 12:00:00',
      [null],
    ],
    [
      'skipHoliday false: holidays run as any day',
      { startTime: '2024-12-01 09:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: false },
      '2024-12-24 12:00:00',
      ['2024-12-25 09:00:00 +01:00'],
    ],
  ];

  it.each(cases)('%s', (_name, cfg, after, expected) => {
    expect(runs(cfg, ZONE, after, expected.length, christmas)).toEqual(expected);
  });

  it('runs on holidays when the app configures no calendar', () => {
    const cfg: TimerCfg = { startTime: '2024-12-01 09:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: true };
    expect(runs(cfg, ZONE, '2024-12-24 12:00:00', 1)).toEqual(['2024-12-25 09:00:00 +01:00']);
  });

  it('decides holidays by the run’s date in the app zone', () => {
    // 00:30 in Berlin on Dec 25 is still Dec 24 in UTC: it is a holiday for a Berlin app.
    const cfg: TimerCfg = { startTime: '2024-12-01 00:30:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: true };
    expect(runs(cfg, ZONE, '2024-12-24 12:00:00', 1, christmas)).toEqual(['2024-12-27 00:30:00 +01:00']);
  });

  it('gives up (series ended) after 1000 holidays in a row', () => {
    const everyDay: string[] = [];
    for (let d = DateTime.utc(2024, 1, 1); d.year === 2024; d = d.plus({ days: 1 })) everyDay.push(d.toFormat('MM-dd'));
    const cfg: TimerCfg = { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: true };
    expect(runs(cfg, ZONE, '2024-01-01 00:00:00', 1, new HolidayCalendar(everyDay))).toEqual([null]);
  });
});
