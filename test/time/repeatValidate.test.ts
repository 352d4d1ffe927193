import { validateTimerCfg } from '../../src/time/validateTimerCfg';

const START = '2024-01-01 09:00:00';

describe('validateTimerCfg accepts every documented form', () => {
  const valid: [string, unknown][] = [
    ['a once-only task', { startTime: START }],
    [
      'the spec example',
      { startTime: START, endTime: '2024-12-31 18:00:00', repeat: { repeatType: 'day', period: 1 }, skipHoliday: false },
    ],
    ['an ISO startTime with offset', { startTime: '2024-01-01T09:00:00+08:00', repeat: { repeatType: 'hour', period: 6 } }],
    ['endTime null (empty YAML value)', { startTime: START, endTime: null }],
    ['endTime equal to startTime', { startTime: START, endTime: START }],
    ['Mon/Wed/Fri', { startTime: START, repeat: { repeatType: 'week', period: 1, weekday: [1, 3, 5] } }],
    [
      'monthly on the 15th and the last day',
      { startTime: START, repeat: { repeatType: 'month', period: 1, subType: 'day', day: [15, -1] } },
    ],
    ['first Monday of June', { startTime: START, repeat: { repeatType: 'year', period: 1, month: 6, week: 1, weekday: [1] } }],
    ['last Friday of the year', { startTime: START, repeat: { repeatType: 'year', month: 12, week: -1, weekday: [5] } }],
    ['normal with a period (ignored)', { startTime: START, repeat: { repeatType: 'normal', period: 1 } }],
  ];

  it.each(valid)('%s', (_name, cfg) => {
    expect(validateTimerCfg(cfg)).toEqual([]);
  });
});

describe('validateTimerCfg names the key of every problem', () => {
  const invalid: [string, unknown, string[]][] = [
    ['not an object', 'daily', ['timerCfg: must be an object with at least startTime']],
    ['no startTime', { repeat: { repeatType: 'day' } }, ['timerCfg.startTime: is required']],
    [
      'an unparseable startTime',
      { startTime: '2024-02-30 09:00:00' },
      ['timerCfg.startTime: "2024-02-30 09:00:00" is not a time (YYYY-MM-DD HH:mm:ss)'],
    ],
    ['a date-only startTime', { startTime: '2024-01-01' }, ['timerCfg.startTime: "2024-01-01" is not a time (YYYY-MM-DD HH:mm:ss)']],
    ['an unparseable endTime', { startTime: START, endTime: 'never' }, ['timerCfg.endTime: "never" is not a time (YYYY-MM-DD HH:mm:ss)']],
    ['endTime before startTime', { startTime: START, endTime: '2023-12-31 09:00:00' }, ['timerCfg.endTime: is before startTime']],
    ['skipHoliday as a string', { startTime: START, skipHoliday: 'yes' }, ['timerCfg.skipHoliday: must be true or false, got "yes"']],
    [
      'an unknown timerCfg key',
      { startTime: START, startField: 'x' },
      ['timerCfg.startField: unknown key (expected one of startTime, endTime, repeat, skipHoliday)'],
    ],
    ['repeat not an object', { startTime: START, repeat: 'day' }, ['timerCfg.repeat: must be an object with repeatType']],
    [
      'an unknown repeatType',
      { startTime: START, repeat: { repeatType: 'days' } },
      ['timerCfg.repeat.repeatType: must be one of normal, minute, hour, day, week, month, year, got "days"'],
    ],
    [
      'period 0',
      { startTime: START, repeat: { repeatType: 'day', period: 0 } },
      ['timerCfg.repeat.period: must be a positive integer, got 0'],
    ],
    [
      'period 2.5',
      { startTime: START, repeat: { repeatType: 'minute', period: 2.5 } },
      ['timerCfg.repeat.period: must be a positive integer, got 2.5'],
    ],
    [
      'period as a string',
      { startTime: START, repeat: { repeatType: 'hour', period: '2' } },
      ['timerCfg.repeat.period: must be a positive integer, got "2"'],
    ],
    [
      'an unknown repeat key',
      { startTime: START, repeat: { repeatType: 'week', weekdays: [1] } },
      ['timerCfg.repeat.weekdays: unknown key (expected one of repeatType, period, weekday, subType, day, month, week)'],
    ],
    [
      'weekday out of range',
      { startTime: START, repeat: { repeatType: 'week', weekday: [0, 7] } },
      ['timerCfg.repeat.weekday: must be a non-empty list of 1 (Monday) … 7 (Sunday), got [0,7]'],
    ],
    [
      'weekday empty',
      { startTime: START, repeat: { repeatType: 'week', weekday: [] } },
      ['timerCfg.repeat.weekday: must be a non-empty list of 1 (Monday) … 7 (Sunday), got []'],
    ],
    [
      'weekday with a daily repeat',
      { startTime: START, repeat: { repeatType: 'day', weekday: [1] } },
      ['timerCfg.repeat.weekday: is not used by repeatType day'],
    ],
    [
      'day with a weekly repeat',
      { startTime: START, repeat: { repeatType: 'week', subType: 'day', day: [1] } },
      ['timerCfg.repeat.subType: is not used by repeatType week', 'timerCfg.repeat.day: is not used by repeatType week'],
    ],
    [
      'day without subType',
      { startTime: START, repeat: { repeatType: 'month', day: [15] } },
      ['timerCfg.repeat.subType: must be day when day is given'],
    ],
    [
      'subType day without day',
      { startTime: START, repeat: { repeatType: 'month', subType: 'day' } },
      ['timerCfg.repeat.day: is required with subType day'],
    ],
    [
      'an unknown subType',
      { startTime: START, repeat: { repeatType: 'month', subType: 'week', day: [1] } },
      ['timerCfg.repeat.subType: must be day, got "week"'],
    ],
    [
      'day 0 and -2',
      { startTime: START, repeat: { repeatType: 'month', subType: 'day', day: [0, -2] } },
      ['timerCfg.repeat.day: must be a non-empty list of 1 … 31 or -1 (last day), got [0,-2]'],
    ],
    [
      'day 32',
      { startTime: START, repeat: { repeatType: 'month', subType: 'day', day: [32] } },
      ['timerCfg.repeat.day: must be a non-empty list of 1 … 31 or -1 (last day), got [32]'],
    ],
    [
      'year with month only',
      { startTime: START, repeat: { repeatType: 'year', month: 6 } },
      ['timerCfg.repeat: month, week and weekday go together for repeatType year (missing week, weekday)'],
    ],
    [
      'year with month 13, week 6, two weekdays',
      { startTime: START, repeat: { repeatType: 'year', month: 13, week: 6, weekday: [1, 2] } },
      [
        'timerCfg.repeat.month: must be 1 … 12, got 13',
        'timerCfg.repeat.week: must be 1 … 5 or -1 (last), got 6',
        'timerCfg.repeat.weekday: must list exactly one of 1 (Monday) … 7 (Sunday) for repeatType year, got [1,2]',
      ],
    ],
    [
      'several problems at once',
      { startTime: 'soon', repeat: { repeatType: 'hour', period: -1 } },
      ['timerCfg.startTime: "soon" is not a time (YYYY-MM-DD HH:mm:ss)', 'timerCfg.repeat.period: must be a positive integer, got -1'],
    ],
  ];

  it.each(invalid)('%s', (_name, cfg, problems) => {
    expect(validateTimerCfg(cfg)).toEqual(problems);
  });
});
