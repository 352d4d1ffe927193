import type { RepeatCfg } from '../../src/time/TimerCfg';
import { runs } from './repeatHelpers';

const ZONE = 'Europe/Berlin';

/** Runs of `repeat` from `startTime`, shown as dates (all tasks below run at 09:00, outside any DST gap). */
function dates(startTime: string, repeat: RepeatCfg, after: string, count: number): (string | null)[] {
  return runs({ startTime, repeat }, ZONE, after, count).map((run) => run?.slice(0, 10) ?? null);
}

describe('monthly repeats stay anchored on startTime’s day', () => {
  const cases: [string, string, RepeatCfg, string[]][] = [
    [
      'Jan 31 monthly, leap year',
      '2024-01-31 09:00:00',
      { repeatType: 'month', period: 1 },
      ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31'],
    ],
    [
      'Jan 31 monthly, common year',
      '2023-01-31 09:00:00',
      { repeatType: 'month', period: 1 },
      ['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-30'],
    ],
    [
      'Dec 31 every 2 months',
      '2023-12-31 09:00:00',
      { repeatType: 'month', period: 2 },
      ['2023-12-31', '2024-02-29', '2024-04-30', '2024-06-30', '2024-08-31'],
    ],
    ['Jan 30 monthly', '2024-01-30 09:00:00', { repeatType: 'month', period: 1 }, ['2024-01-30', '2024-02-29', '2024-03-30']],
    [
      'every 12 months across years',
      '2023-05-15 09:00:00',
      { repeatType: 'month', period: 12 },
      ['2023-05-15', '2024-05-15', '2025-05-15'],
    ],
  ];

  it.each(cases)('%s', (_name, startTime, repeat, expected) => {
    expect(dates(startTime, repeat, '2000-01-01 00:00:00', expected.length)).toEqual(expected);
  });
});

describe('monthly on chosen days (subType: day)', () => {
  const cases: [string, string, number[], string[]][] = [
    ['the last day (-1)', '2024-01-01 09:00:00', [-1], ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']],
    [
      'the 15th and the last day, starting mid-month',
      '2024-01-20 09:00:00',
      [15, -1],
      ['2024-01-31', '2024-02-15', '2024-02-29', '2024-03-15'],
    ],
    ['the 30th: February uses its last day', '2023-01-01 09:00:00', [30], ['2023-01-30', '2023-02-28', '2023-03-30']],
    ['the 31st and the last day: one run in a 30-day month', '2024-04-01 09:00:00', [31, -1], ['2024-04-30', '2024-05-31', '2024-06-30']],
    ['unsorted days run in calendar order', '2024-01-01 09:00:00', [20, 5], ['2024-01-05', '2024-01-20', '2024-02-05']],
    ['the 1st, startTime after it: first run next month', '2024-01-10 09:00:00', [1], ['2024-02-01', '2024-03-01']],
    ['startTime on a chosen day: it is the first run', '2024-01-15 09:00:00', [15], ['2024-01-15', '2024-02-15']],
  ];

  it.each(cases)('%s', (_name, startTime, day, expected) => {
    const repeat: RepeatCfg = { repeatType: 'month', period: 1, subType: 'day', day };
    expect(dates(startTime, repeat, '2000-01-01 00:00:00', expected.length)).toEqual(expected);
  });

  it('counts every Nth month from startTime’s month', () => {
    const repeat: RepeatCfg = { repeatType: 'month', period: 3, subType: 'day', day: [-1] };
    expect(dates('2024-02-10 09:00:00', repeat, '2024-01-01 00:00:00', 3)).toEqual(['2024-02-29', '2024-05-31', '2024-08-31']);
  });

  it('does not run before startTime’s time of day on a chosen day', () => {
    const repeat: RepeatCfg = { repeatType: 'month', period: 1, subType: 'day', day: [15] };
    expect(runs({ startTime: '2024-01-15 10:00:00', repeat }, ZONE, '2024-01-15 09:30:00', 2)).toEqual([
      '2024-01-15 10:00:00 +01:00',
      '2024-02-15 10:00:00 +01:00',
    ]);
  });
});

describe('yearly repeats', () => {
  const cases: [string, string, RepeatCfg, string[]][] = [
    [
      'on a leap day: Feb 28 in common years, Feb 29 again in leap years',
      '2024-02-29 09:00:00',
      { repeatType: 'year', period: 1 },
      ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29'],
    ],
    ['on a leap day every 4 years', '2024-02-29 09:00:00', { repeatType: 'year', period: 4 }, ['2024-02-29', '2028-02-29', '2032-02-29']],
    [
      'on a leap day every 3 years',
      '2024-02-29 09:00:00',
      { repeatType: 'year', period: 3 },
      ['2024-02-29', '2027-02-28', '2030-02-28', '2033-02-28', '2036-02-29'],
    ],
    [
      'first Monday of June',
      '2024-01-01 09:00:00',
      { repeatType: 'year', period: 1, month: 6, week: 1, weekday: [1] },
      ['2024-06-03', '2025-06-02', '2026-06-01', '2027-06-07'],
    ],
    [
      'first Monday of June, startTime after this year’s',
      '2024-07-01 09:00:00',
      { repeatType: 'year', period: 1, month: 6, week: 1, weekday: [1] },
      ['2025-06-02', '2026-06-01'],
    ],
    [
      'last Thursday of November (week -1)',
      '2024-01-01 09:00:00',
      { repeatType: 'year', period: 1, month: 11, week: -1, weekday: [4] },
      ['2024-11-28', '2025-11-27', '2026-11-26'],
    ],
    [
      'second Sunday of May every 2 years',
      '2024-01-01 09:00:00',
      { repeatType: 'year', period: 2, month: 5, week: 2, weekday: [7] },
      ['2024-05-12', '2026-05-10', '2028-05-14'],
    ],
    // September 2024 has five Mondays; 2025 has four, so the 5th falls back to the last, as a
    // missing 31st falls back to the month's last day.
    [
      'fifth Monday of September',
      '2024-01-01 09:00:00',
      { repeatType: 'year', period: 1, month: 9, week: 5, weekday: [1] },
      ['2024-09-30', '2025-09-29', '2026-09-28'],
    ],
  ];

  it.each(cases)('%s', (_name, startTime, repeat, expected) => {
    expect(dates(startTime, repeat, '2000-01-01 00:00:00', expected.length)).toEqual(expected);
  });
});

describe('weekly repeats on chosen weekdays', () => {
  // 2024-01-01 is a Monday.
  const cases: [string, string, RepeatCfg, string[]][] = [
    [
      'Mon/Wed/Fri from a Tuesday',
      '2024-01-02 09:00:00',
      { repeatType: 'week', period: 1, weekday: [1, 3, 5] },
      ['2024-01-03', '2024-01-05', '2024-01-08', '2024-01-10'],
    ],
    [
      'Mon/Wed every other week, from a Wednesday',
      '2024-01-03 09:00:00',
      { repeatType: 'week', period: 2, weekday: [1, 3] },
      ['2024-01-03', '2024-01-15', '2024-01-17', '2024-01-29'],
    ],
    [
      'Monday every other week, from a Wednesday: the Monday before startTime is skipped',
      '2024-01-03 09:00:00',
      { repeatType: 'week', period: 2, weekday: [1] },
      ['2024-01-15', '2024-01-29', '2024-02-12'],
    ],
    [
      'Sunday every other week: weeks run Monday to Sunday',
      '2024-01-01 09:00:00',
      { repeatType: 'week', period: 2, weekday: [7] },
      ['2024-01-07', '2024-01-21', '2024-02-04'],
    ],
    [
      'Sat/Sun every 3 weeks, from a Sunday',
      '2024-01-07 09:00:00',
      { repeatType: 'week', period: 3, weekday: [6, 7] },
      ['2024-01-07', '2024-01-27', '2024-01-28', '2024-02-17'],
    ],
    [
      'every other week without weekday: startTime’s weekday',
      '2024-01-04 09:00:00',
      { repeatType: 'week', period: 2 },
      ['2024-01-04', '2024-01-18', '2024-02-01'],
    ],
    [
      'across a year end',
      '2024-12-30 09:00:00',
      { repeatType: 'week', period: 2, weekday: [2, 4] },
      ['2024-12-31', '2025-01-02', '2025-01-14'],
    ],
  ];

  it.each(cases)('%s', (_name, startTime, repeat, expected) => {
    expect(dates(startTime, repeat, '2000-01-01 00:00:00', expected.length)).toEqual(expected);
  });

  it('finds the right week when asked long after startTime', () => {
    const repeat: RepeatCfg = { repeatType: 'week', period: 2, weekday: [1, 3] };
    // Week of 2024-01-01 is week 0; the week of 2024-12-30 is week 52, an "on" week.
    expect(dates('2024-01-03 09:00:00', repeat, '2024-12-27 00:00:00', 3)).toEqual(['2024-12-30', '2025-01-01', '2025-01-13']);
  });
});
