import { DateTime } from 'luxon';
import { isJitError } from '../../src/errors/JitError';
import { nextOccurrence } from '../../src/time/nextOccurrence';
import type { TimerCfg } from '../../src/time/TimerCfg';
import { at, runs, show } from './repeatHelpers';

// A zone without DST, as most JitAi apps run in: the rules themselves, free of clock changes.
const ZONE = 'Asia/Shanghai';
const START_2024 = '2024-01-01 09:00:00';

describe('nextOccurrence: every repeat type', () => {
  const cases: [string, TimerCfg, string, (string | null)[]][] = [
    ['once at startTime', { startTime: '2024-01-01 09:00:00' }, '2023-12-31 00:00:00', ['2024-01-01 09:00:00 +08:00', null]],
    [
      'explicit normal',
      { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'normal' } },
      '2023-12-31 00:00:00',
      ['2024-01-01 09:00:00 +08:00', null],
    ],
    [
      'every 15 minutes',
      { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'minute', period: 15 } },
      '2024-01-01 09:20:00',
      ['2024-01-01 09:30:00 +08:00', '2024-01-01 09:45:00 +08:00', '2024-01-01 10:00:00 +08:00'],
    ],
    [
      'every 5 hours, across midnight',
      { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'hour', period: 5 } },
      '2024-01-01 18:00:00',
      ['2024-01-01 19:00:00 +08:00', '2024-01-02 00:00:00 +08:00', '2024-01-02 05:00:00 +08:00'],
    ],
    [
      'every 3 days',
      { startTime: '2024-02-27 08:30:00', repeat: { repeatType: 'day', period: 3 } },
      '2024-02-27 08:30:00',
      ['2024-03-01 08:30:00 +08:00', '2024-03-04 08:30:00 +08:00', '2024-03-07 08:30:00 +08:00'],
    ],
    [
      'weekly on startTime’s weekday (a Wednesday)',
      { startTime: '2024-01-03 09:00:00', repeat: { repeatType: 'week', period: 1 } },
      '2024-01-01 00:00:00',
      ['2024-01-03 09:00:00 +08:00', '2024-01-10 09:00:00 +08:00', '2024-01-17 09:00:00 +08:00'],
    ],
    [
      'monthly on startTime’s day',
      { startTime: '2024-01-15 09:00:00', repeat: { repeatType: 'month', period: 1 } },
      '2024-01-15 09:00:01',
      ['2024-02-15 09:00:00 +08:00', '2024-03-15 09:00:00 +08:00', '2024-04-15 09:00:00 +08:00'],
    ],
    [
      'every 2 years on startTime’s date',
      { startTime: '2024-06-10 07:00:00', repeat: { repeatType: 'year', period: 2 } },
      '2024-06-10 07:00:00',
      ['2026-06-10 07:00:00 +08:00', '2028-06-10 07:00:00 +08:00', '2030-06-10 07:00:00 +08:00'],
    ],
  ];

  it.each(cases)('%s', (_name, cfg, after, expected) => {
    expect(runs(cfg, ZONE, after, expected.length)).toEqual(expected);
  });

  it('treats a missing period as every 1 unit', () => {
    expect(runs({ startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day' } }, ZONE, '2024-01-01 10:00:00', 2)).toEqual([
      '2024-01-02 09:00:00 +08:00',
      '2024-01-03 09:00:00 +08:00',
    ]);
  });
});

describe('nextOccurrence: strictly after, never before startTime', () => {
  const daily: TimerCfg = { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day', period: 1 } };
  const cases: [string, string, string][] = [
    ['long before startTime: startTime', '2020-05-05 12:00:00', '2024-01-01 09:00:00 +08:00'],
    ['exactly startTime: the one after it', '2024-01-01 09:00:00', '2024-01-02 09:00:00 +08:00'],
    ['1 ms before an occurrence: that occurrence', '2024-01-05 08:59:59.999', '2024-01-05 09:00:00 +08:00'],
    ['exactly an occurrence: the next one', '2024-01-05 09:00:00', '2024-01-06 09:00:00 +08:00'],
    ['1 ms after an occurrence: the next one', '2024-01-05 09:00:00.001', '2024-01-06 09:00:00 +08:00'],
  ];

  it.each(cases)('after %s', (_name, after, expected) => {
    expect(show(nextOccurrence(daily, at(after, ZONE), ZONE))).toBe(expected);
  });

  it('ends a once-only task whose startTime is not after `after`', () => {
    const once: TimerCfg = { startTime: '2024-01-01 09:00:00' };
    expect(nextOccurrence(once, at('2024-01-01 09:00:00', ZONE), ZONE)).toBeNull();
    expect(nextOccurrence(once, at('2025-01-01 00:00:00', ZONE), ZONE)).toBeNull();
  });

  it('keeps milliseconds of startTime in minute steps', () => {
    const cfg: TimerCfg = { startTime: '2024-01-01 09:00:00.250', repeat: { repeatType: 'minute', period: 1 } };
    expect(nextOccurrence(cfg, at('2024-01-01 09:00:00.250', ZONE), ZONE)?.toISO()).toBe('2024-01-01T09:01:00.250+08:00');
  });

  it('reads `after` as an instant whatever zone it is given in', () => {
    const afterInUtc = DateTime.fromISO('2024-01-05T01:00:00Z'); // 09:00 in Shanghai: an occurrence
    expect(show(nextOccurrence(daily, afterInUtc, ZONE))).toBe('2024-01-06 09:00:00 +08:00');
  });

  it('accepts a startTime with an offset as an instant, keeping its wall time in the app zone', () => {
    const cfg: TimerCfg = { startTime: '2024-01-01T01:00:00Z', repeat: { repeatType: 'day', period: 1 } };
    expect(runs(cfg, ZONE, '2024-01-01 00:00:00', 2)).toEqual(['2024-01-01 09:00:00 +08:00', '2024-01-02 09:00:00 +08:00']);
  });
});

describe('nextOccurrence: endTime', () => {
  it('still runs an occurrence exactly at endTime, then ends the series', () => {
    const cfg: TimerCfg = {
      startTime: '2024-01-01 09:00:00',
      endTime: '2024-01-03 09:00:00',
      repeat: { repeatType: 'day', period: 1 },
    };
    expect(runs(cfg, ZONE, '2023-12-31 00:00:00', 5)).toEqual([
      '2024-01-01 09:00:00 +08:00',
      '2024-01-02 09:00:00 +08:00',
      '2024-01-03 09:00:00 +08:00',
      null,
    ]);
  });

  it('ends before the first occurrence that would pass endTime', () => {
    const cfg: TimerCfg = {
      startTime: '2024-01-01 09:00:00',
      endTime: '2024-12-31 18:00:00',
      repeat: { repeatType: 'month', period: 7 },
    };
    expect(runs(cfg, ZONE, '2024-01-01 00:00:00', 5)).toEqual(['2024-01-01 09:00:00 +08:00', '2024-08-01 09:00:00 +08:00', null]);
  });

  it('treats endTime: null (an empty YAML value) as no end', () => {
    const cfg: TimerCfg = { startTime: '2024-01-01 09:00:00', endTime: null, repeat: { repeatType: 'year' } };
    expect(show(nextOccurrence(cfg, at('2090-01-01 00:00:00', ZONE), ZONE))).toBe('2090-01-01 09:00:00 +08:00');
  });
});

describe('nextOccurrence: far beyond startTime', () => {
  // Stepping one occurrence at a time would take minutes (tens of millions of minute steps); the
  // rules must jump there by arithmetic.
  const cases: [string, TimerCfg, string, string][] = [
    [
      'every minute since 1970',
      { startTime: '1970-01-01 00:00:00', repeat: { repeatType: 'minute', period: 1 } },
      '2099-06-01 12:00:30',
      '2099-06-01 12:01:00 +08:00',
    ],
    [
      'every 7 minutes since 2014',
      { startTime: '2014-03-01 00:00:00', repeat: { repeatType: 'minute', period: 7 } },
      '2024-03-01 00:00:00',
      '2024-03-01 00:05:00 +08:00',
    ],
    [
      'every 3 hours since 1990',
      { startTime: '1990-01-01 01:00:00', repeat: { repeatType: 'hour', period: 3 } },
      '2099-12-31 23:00:00',
      '2100-01-01 01:00:00 +08:00',
    ],
    [
      'every 2 days since 1950',
      { startTime: '1950-01-01 06:00:00', repeat: { repeatType: 'day', period: 2 } },
      '2099-12-31 07:00:00',
      '2100-01-02 06:00:00 +08:00',
    ],
    [
      'Mon/Fri every other week since 1980',
      { startTime: '1980-01-07 06:00:00', repeat: { repeatType: 'week', period: 2, weekday: [1, 5] } },
      '2099-12-31 07:00:00',
      '2100-01-01 06:00:00 +08:00',
    ],
    [
      'monthly on the last day since 1900',
      { startTime: '1900-01-31 06:00:00', repeat: { repeatType: 'month', period: 1, subType: 'day', day: [-1] } },
      '2100-02-01 00:00:00',
      '2100-02-28 06:00:00 +08:00',
    ],
    [
      'yearly since 1900',
      { startTime: '1900-05-05 06:00:00', repeat: { repeatType: 'year', period: 1 } },
      '2099-06-01 00:00:00',
      '2100-05-05 06:00:00 +08:00',
    ],
  ];

  it.each(cases)('%s', (_name, cfg, after, expected) => {
    expect(show(nextOccurrence(cfg, at(after, ZONE), ZONE))).toBe(expected);
  });

  it('answers quickly (a scheduler asks once per run)', () => {
    const began = performance.now();
    for (let i = 0; i < 20; i++) {
      for (const [, cfg, after] of cases) nextOccurrence(cfg, at(after, ZONE), ZONE);
    }
    expect(performance.now() - began).toBeLessThan(2000);
  });
});

describe('nextOccurrence: the end of the calendar (year 9999)', () => {
  const cases: [string, TimerCfg, string, (string | null)[]][] = [
    [
      'every 10^12 minutes',
      { startTime: START_2024, repeat: { repeatType: 'minute', period: 1e12 } },
      '2024-01-01 00:00:00',
      ['2024-01-01 09:00:00 +08:00', null],
    ],
    [
      'every 5000 years',
      { startTime: START_2024, repeat: { repeatType: 'year', period: 5000 } },
      '2024-01-01 09:00:00',
      ['7024-01-01 09:00:00 +08:00', null],
    ],
    ['every 10^9 months', { startTime: START_2024, repeat: { repeatType: 'month', period: 1e9 } }, '2024-01-01 09:00:00', [null]],
    [
      'every 10^9 weeks',
      { startTime: START_2024, repeat: { repeatType: 'week', period: 1e9, weekday: [1] } },
      '2024-01-01 09:00:00',
      [null],
    ],
    ['daily, asked in year 9999', { startTime: START_2024, repeat: { repeatType: 'day' } }, '9999-12-31 10:00:00', [null]],
  ];

  it.each(cases)('%s: the series ends instead of stepping into invalid dates', (_name, cfg, after, expected) => {
    expect(runs(cfg, ZONE, after, expected.length)).toEqual(expected);
  });
});

describe('nextOccurrence: rejects what it cannot schedule', () => {
  const cases: [string, unknown, string][] = [
    ['period 0', { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day', period: 0 } }, 'timerCfg.repeat.period'],
    ['a fractional period', { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'hour', period: 1.5 } }, 'timerCfg.repeat.period'],
    ['weekday 8', { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'week', weekday: [1, 8] } }, 'timerCfg.repeat.weekday'],
    ['an unparseable startTime', { startTime: 'next monday', repeat: { repeatType: 'day' } }, 'timerCfg.startTime'],
    ['an unknown repeatType', { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'fortnight' } }, 'timerCfg.repeat.repeatType'],
  ];

  it.each(cases)('%s, naming the key', (_name, cfg, key) => {
    let thrown: unknown;
    try {
      nextOccurrence(cfg as TimerCfg, at('2024-01-01 00:00:00', ZONE), ZONE);
    } catch (err) {
      thrown = err;
    }
    expect(isJitError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain(key);
  });

  it('rejects an unknown zone as a configuration error', () => {
    const cfg: TimerCfg = { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day' } };
    expect(() => nextOccurrence(cfg, DateTime.utc(2024), 'Mars/Olympus_Mons')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('rejects an invalid `after` as a bad argument', () => {
    const cfg: TimerCfg = { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'day' } };
    expect(() => nextOccurrence(cfg, DateTime.invalid('test'), ZONE)).toThrow(expect.objectContaining({ code: 'API_PARAMS_ERROR' }));
  });
});
