import type { TimerCfg } from '../../src/time/TimerCfg';
import { runs } from './repeatHelpers';

// 2024 clock changes used below:
//   Europe/Berlin        Mar 31 02:00 → 03:00 (+01 → +02);  Oct 27 03:00 → 02:00 (+02 → +01)
//   America/New_York     Mar 10 02:00 → 03:00 (-05 → -04);  Nov 3  02:00 → 01:00 (-04 → -05)
//   Australia/Lord_Howe  Apr 7  02:00 → 01:30 (+11 → +10:30); Oct 6 02:00 → 02:30 (+10:30 → +11)

const daily = (startTime: string): TimerCfg => ({ startTime, repeat: { repeatType: 'day', period: 1 } });

describe('a daily 09:00 task stays at 09:00 local across clock changes', () => {
  const cases: [string, string, string, string[]][] = [
    [
      'Europe/Berlin',
      'spring',
      '2024-03-30 00:00:00',
      ['2024-03-30 09:00:00 +01:00', '2024-03-31 09:00:00 +02:00', '2024-04-01 09:00:00 +02:00'],
    ],
    [
      'Europe/Berlin',
      'autumn',
      '2024-10-26 00:00:00',
      ['2024-10-26 09:00:00 +02:00', '2024-10-27 09:00:00 +01:00', '2024-10-28 09:00:00 +01:00'],
    ],
    [
      'America/New_York',
      'spring',
      '2024-03-09 00:00:00',
      ['2024-03-09 09:00:00 -05:00', '2024-03-10 09:00:00 -04:00', '2024-03-11 09:00:00 -04:00'],
    ],
    [
      'America/New_York',
      'autumn',
      '2024-11-02 00:00:00',
      ['2024-11-02 09:00:00 -04:00', '2024-11-03 09:00:00 -05:00', '2024-11-04 09:00:00 -05:00'],
    ],
    [
      'Australia/Lord_Howe',
      'autumn (30 min back)',
      '2024-04-06 00:00:00',
      ['2024-04-06 09:00:00 +11:00', '2024-04-07 09:00:00 +10:30', '2024-04-08 09:00:00 +10:30'],
    ],
    [
      'Australia/Lord_Howe',
      'spring (30 min forward)',
      '2024-10-05 00:00:00',
      ['2024-10-05 09:00:00 +10:30', '2024-10-06 09:00:00 +11:00', '2024-10-07 09:00:00 +11:00'],
    ],
  ];

  it.each(cases)('%s, %s change', (zone, _change, after, expected) => {
    expect(runs(daily('2024-01-01 09:00:00'), zone, after, 3)).toEqual(expected);
  });
});

describe('a wall time skipped by the clock runs at the first instant after the gap, that day only', () => {
  const cases: [string, string, string, string[]][] = [
    [
      'Europe/Berlin',
      '2024-01-01 02:30:00',
      '2024-03-30 00:00:00',
      ['2024-03-30 02:30:00 +01:00', '2024-03-31 03:00:00 +02:00', '2024-04-01 02:30:00 +02:00'],
    ],
    [
      'America/New_York',
      '2024-01-01 02:30:00',
      '2024-03-09 00:00:00',
      ['2024-03-09 02:30:00 -05:00', '2024-03-10 03:00:00 -04:00', '2024-03-11 02:30:00 -04:00'],
    ],
    [
      'Australia/Lord_Howe',
      '2024-01-01 02:15:00',
      '2024-10-05 00:00:00',
      ['2024-10-05 02:15:00 +10:30', '2024-10-06 02:30:00 +11:00', '2024-10-07 02:15:00 +11:00'],
    ],
  ];

  it.each(cases)('%s', (zone, startTime, after, expected) => {
    expect(runs(daily(startTime), zone, after, 3)).toEqual(expected);
  });

  it('keeps the written wall time when startTime itself falls in the gap', () => {
    // Written 02:30 on the gap day: the first run is 03:00, later runs are back at 02:30.
    expect(runs(daily('2024-03-31 02:30:00'), 'Europe/Berlin', '2024-03-30 00:00:00', 3)).toEqual([
      '2024-03-31 03:00:00 +02:00',
      '2024-04-01 02:30:00 +02:00',
      '2024-04-02 02:30:00 +02:00',
    ]);
  });
});

describe('a wall time the clock shows twice runs once, at its first occurrence', () => {
  const cases: [string, string, string, string[]][] = [
    ['Europe/Berlin', '2024-01-01 02:30:00', '2024-10-26 12:00:00', ['2024-10-27 02:30:00 +02:00', '2024-10-28 02:30:00 +01:00']],
    ['America/New_York', '2024-01-01 01:30:00', '2024-11-02 12:00:00', ['2024-11-03 01:30:00 -04:00', '2024-11-04 01:30:00 -05:00']],
    ['Australia/Lord_Howe', '2024-01-01 01:45:00', '2024-04-06 12:00:00', ['2024-04-07 01:45:00 +11:00', '2024-04-08 01:45:00 +10:30']],
  ];

  it.each(cases)('%s', (zone, startTime, after, expected) => {
    expect(runs(daily(startTime), zone, after, 2)).toEqual(expected);
  });

  it('does not run again when asked between the two readings', () => {
    // 02:45 +01:00 is the second reading of 02:45 in Berlin: the day's run (02:30 +02:00) is behind us.
    expect(runs(daily('2024-01-01 02:30:00'), 'Europe/Berlin', '2024-10-27T02:45:00+01:00', 1)).toEqual(['2024-10-28 02:30:00 +01:00']);
  });

  it('starts at the second reading when startTime names it by its offset', () => {
    expect(runs(daily('2024-10-27T02:30:00+01:00'), 'Europe/Berlin', '2024-10-27 00:00:00', 2)).toEqual([
      '2024-10-27 02:30:00 +01:00',
      '2024-10-28 02:30:00 +01:00',
    ]);
  });
});

describe('minute and hour repeats are fixed elapsed intervals across clock changes', () => {
  const cases: [string, string, TimerCfg, string, string[]][] = [
    [
      'Europe/Berlin',
      'hourly through the spring gap',
      { startTime: '2024-03-31 00:00:00', repeat: { repeatType: 'hour', period: 1 } },
      '2024-03-31 00:30:00',
      ['2024-03-31 01:00:00 +01:00', '2024-03-31 03:00:00 +02:00', '2024-03-31 04:00:00 +02:00'],
    ],
    [
      'Europe/Berlin',
      'hourly through the doubled autumn hour (02:00 twice)',
      { startTime: '2024-10-27 00:00:00', repeat: { repeatType: 'hour', period: 1 } },
      '2024-10-27 00:30:00',
      ['2024-10-27 01:00:00 +02:00', '2024-10-27 02:00:00 +02:00', '2024-10-27 02:00:00 +01:00', '2024-10-27 03:00:00 +01:00'],
    ],
    [
      'America/New_York',
      'every 2 hours through the doubled 01:00 hour',
      { startTime: '2024-11-02 22:00:00', repeat: { repeatType: 'hour', period: 2 } },
      '2024-11-02 22:00:00',
      ['2024-11-03 00:00:00 -04:00', '2024-11-03 01:00:00 -05:00', '2024-11-03 03:00:00 -05:00'],
    ],
    [
      'Australia/Lord_Howe',
      'hourly through the 30-minute spring gap',
      { startTime: '2024-10-06 00:00:00', repeat: { repeatType: 'hour', period: 1 } },
      '2024-10-06 00:30:00',
      ['2024-10-06 01:00:00 +10:30', '2024-10-06 02:30:00 +11:00', '2024-10-06 03:30:00 +11:00'],
    ],
    [
      'Australia/Lord_Howe',
      'every 30 minutes through the doubled half hour',
      { startTime: '2024-04-07 01:00:00', repeat: { repeatType: 'minute', period: 30 } },
      '2024-04-07 00:59:00',
      ['2024-04-07 01:00:00 +11:00', '2024-04-07 01:30:00 +11:00', '2024-04-07 01:30:00 +10:30', '2024-04-07 02:00:00 +10:30'],
    ],
  ];

  it.each(cases)('%s: %s', (zone, _name, cfg, after, expected) => {
    expect(runs(cfg, zone, after, expected.length)).toEqual(expected);
  });
});

describe('week, month and year repeats keep wall time across clock changes', () => {
  const cases: [string, TimerCfg, string, string[]][] = [
    [
      'America/New_York',
      { startTime: '2024-03-03 09:00:00', repeat: { repeatType: 'week', period: 1 } },
      '2024-03-03 09:00:00',
      ['2024-03-10 09:00:00 -04:00', '2024-03-17 09:00:00 -04:00'],
    ],
    [
      'Europe/Berlin',
      { startTime: '2024-01-27 02:30:00', repeat: { repeatType: 'month', period: 1 } },
      '2024-02-28 00:00:00',
      ['2024-03-27 02:30:00 +01:00', '2024-04-27 02:30:00 +02:00'],
    ],
    [
      'Europe/Berlin',
      { startTime: '2024-01-01 02:30:00', repeat: { repeatType: 'month', period: 1, subType: 'day', day: [-1] } },
      '2024-02-29 12:00:00',
      ['2024-03-31 03:00:00 +02:00', '2024-04-30 02:30:00 +02:00'],
    ],
    [
      'Australia/Lord_Howe',
      { startTime: '2023-10-01 02:15:00', repeat: { repeatType: 'year', period: 1, month: 10, week: 1, weekday: [7] } },
      '2023-10-02 00:00:00',
      ['2024-10-06 02:30:00 +11:00', '2025-10-05 02:30:00 +11:00', '2026-10-04 02:30:00 +11:00'],
    ],
  ];

  it.each(cases)('%s %j', (zone, cfg, after, expected) => {
    expect(runs(cfg, zone, after, expected.length)).toEqual(expected);
  });
});
