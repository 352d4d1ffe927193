import { isJitError, planDateFieldDue, type DateFieldPlan } from 'jittask';

/** The app zone of every case: Berlin, UTC+1 in winter, UTC+2 from the last Sunday of March. */
const ZONE = 'Europe/Berlin';
/** 2025-03-03 08:00 in Berlin. */
const NOW = Date.parse('2025-03-03T07:00:00Z');

/** A plan on a Datetime field `startTime`, 15 minutes before, once; `more` changes it. */
const plan = (more: Partial<DateFieldPlan> = {}): DateFieldPlan => ({
  startField: 'startTime',
  fieldType: 'Datetime',
  offset: { amount: -15, unit: 'minute' },
  timeOfDay: null,
  repeat: 'normal',
  filter: {},
  ...more,
});
/** The same on a Date field `day`. */
const onDay = (more: Partial<DateFieldPlan> = {}): DateFieldPlan => plan({ startField: 'day', fieldType: 'Date', ...more });

/** An instant given as wall time with its UTC offset, e.g. `2025-03-03 09:45 +01` or `… 09:59:30 +01`. */
const at = (text: string): number => {
  const [date, time, offset] = text.split(' ');
  return Date.parse(`${date}T${time!.length === 5 ? `${time}:00` : time}${offset}:00`);
};

describe('the due time of a row', () => {
  test.each<[string, DateFieldPlan, Record<string, unknown>, string | null]>([
    ['15 minutes before a Datetime', plan(), { startTime: '2025-03-03 10:00:00' }, '2025-03-03 09:45 +01'],
    [
      'at the field (offset 0)',
      plan({ offset: { amount: 0, unit: 'minute' } }),
      { startTime: '2025-03-03 10:00:00' },
      '2025-03-03 10:00 +01',
    ],
    ['2 hours after', plan({ offset: { amount: 2, unit: 'hour' } }), { startTime: '2025-03-03 10:00:00' }, '2025-03-03 12:00 +01'],
    [
      '30 seconds before (older dialect unit)',
      plan({ offset: { amount: -30, unit: 'second' } }),
      { startTime: '2025-03-03 10:00:00' },
      '2025-03-03 09:59:30 +01',
    ],
    ['a Datetime given as ISO 8601 with offset', plan(), { startTime: '2025-03-03T09:00:00Z' }, '2025-03-03 09:45 +01'],
    ['a Datetime given as a JS Date', plan(), { startTime: new Date('2025-03-03T09:00:00Z') }, '2025-03-03 09:45 +01'],
    ['a Date field starts at 00:00 of its day', onDay(), { day: '2025-03-05' }, '2025-03-04 23:45 +01'],
    [
      'a Date field, 1 day before at 09:00',
      onDay({ offset: { amount: -1, unit: 'day' }, timeOfDay: 9 * 60 }),
      { day: '2025-03-05' },
      '2025-03-04 09:00 +01',
    ],
    [
      'a Date field, on the day at 18:30',
      onDay({ offset: { amount: 0, unit: 'day' }, timeOfDay: 18 * 60 + 30 }),
      { day: '2025-03-05' },
      '2025-03-05 18:30 +01',
    ],
    [
      'a Datetime field, 1 day before, time of day set after the day offset',
      plan({ offset: { amount: -1, unit: 'day' }, timeOfDay: 9 * 60 }),
      { startTime: '2025-03-10 14:30:00' },
      '2025-03-09 09:00 +01',
    ],
    [
      'a Datetime field, 3 days after keeps its wall time',
      plan({ offset: { amount: 3, unit: 'day' } }),
      { startTime: '2025-03-10 14:30:00' },
      '2025-03-13 14:30 +01',
    ],
    [
      'day offsets keep the wall time across the DST change',
      plan({ offset: { amount: -1, unit: 'day' } }),
      { startTime: '2025-03-30 12:00:00' },
      '2025-03-29 12:00 +01',
    ],
    [
      'hour offsets are elapsed time across the DST change',
      plan({ offset: { amount: -24, unit: 'hour' } }),
      { startTime: '2025-03-30 12:00:00' },
      '2025-03-29 11:00 +01',
    ],
    [
      'a wall time skipped by DST runs at the first instant after the gap',
      onDay({ offset: { amount: 0, unit: 'day' }, timeOfDay: 2 * 60 + 30 }),
      { day: '2025-03-30' },
      '2025-03-30 03:00 +02',
    ],
    ['due exactly now is scheduled (it runs at once)', plan(), { startTime: '2025-03-03 08:15:00' }, '2025-03-03 08:00 +01'],
    ['a due time already past: none', plan(), { startTime: '2025-03-03 08:14:59' }, null],
    ['a date already past: none', onDay(), { day: '2025-03-03' }, null],
    ['a cleared field (null): none', plan(), { startTime: null }, null],
    ['a missing field: none', plan(), { title: 'no date' }, null],
    ['an empty string: none', onDay(), { day: '' }, null],
  ])('%s', (_what, p, row, expected) => {
    expect(planDateFieldDue(p, row, ZONE, NOW)).toBe(expected === null ? null : at(expected));
  });
});

describe('the filter: every field must be equal', () => {
  const confirmed = plan({ filter: { status: 'confirmed', online: false } });
  test.each<[string, Record<string, unknown>, boolean]>([
    ['all fields equal', { status: 'confirmed', online: false }, true],
    ['one differs', { status: 'cancelled', online: false }, false],
    ['one missing (absent is null)', { status: 'confirmed' }, false],
    ['the same text in another type', { status: 'confirmed', online: 0 }, false],
  ])('%s', (_what, fields, scheduled) => {
    const due = planDateFieldDue(confirmed, { startTime: '2025-03-03 10:00:00', ...fields }, ZONE, NOW);
    expect(due !== null).toBe(scheduled);
  });

  test('null matches a missing value, and lists compare by content', () => {
    const p = plan({ filter: { room: null, tags: ['a', 'b'] } });
    expect(planDateFieldDue(p, { startTime: '2025-03-03 10:00:00', tags: ['a', 'b'] }, ZONE, NOW)).toBe(at('2025-03-03 09:45 +01'));
    expect(planDateFieldDue(p, { startTime: '2025-03-03 10:00:00', tags: ['b', 'a'] }, ZONE, NOW)).toBeNull();
  });
});

describe('repeat: year', () => {
  const yearly = (more: Partial<DateFieldPlan> = {}): DateFieldPlan =>
    onDay({ repeat: 'year', offset: { amount: 0, unit: 'day' }, timeOfDay: 9 * 60, ...more });
  test.each<[string, DateFieldPlan, string, number, string]>([
    ["a birthday long past: this year's", yearly(), '1990-05-01', NOW, '2025-05-01 09:00 +02'],
    ["this year's has gone: next year's", yearly(), '1990-02-01', NOW, '2026-02-01 09:00 +01'],
    ['today, not yet at the time of day: today', yearly(), '1990-03-03', NOW, '2025-03-03 09:00 +01'],
    ['a date in the future: that date first', yearly(), '2027-06-15', NOW, '2027-06-15 09:00 +02'],
    ['Feb 29 falls on Feb 28 in a year without it', yearly(), '2000-02-29', at('2026-01-01 00:00 +01'), '2026-02-28 09:00 +01'],
    ['Feb 29 again in a leap year', yearly(), '2000-02-29', at('2028-02-01 00:00 +01'), '2028-02-29 09:00 +01'],
    ["after the leap day, the next year's Feb 28", yearly(), '2000-02-29', at('2028-02-29 09:00:01 +01'), '2029-02-28 09:00 +01'],
    ['a week before, across the new year', yearly({ offset: { amount: -7, unit: 'day' } }), '1990-01-03', NOW, '2025-12-27 09:00 +01'],
    [
      'a Datetime anniversary keeps its time of day',
      plan({ repeat: 'year', offset: { amount: 0, unit: 'minute' } }),
      '2020-07-01 18:30:00',
      NOW,
      '2025-07-01 18:30 +02',
    ],
  ])('%s', (_what, p, value, now, expected) => {
    const row = p.fieldType === 'Date' ? { day: value } : { startTime: value };
    expect(planDateFieldDue(p, row, ZONE, now)).toBe(at(expected));
  });

  test('a row outside the filter gets none, whatever the year', () => {
    expect(planDateFieldDue(yearly({ filter: { active: true } }), { day: '1990-05-01', active: false }, ZONE, NOW)).toBeNull();
  });
});

test.each<[string, DateFieldPlan, Record<string, unknown>]>([
  ['a Datetime field holding a date only', plan(), { startTime: '2025-03-03' }],
  ['a Date field holding a time', onDay(), { day: '2025-03-03 10:00:00' }],
  ['a Date that does not exist', onDay(), { day: '2025-02-30' }],
  ['a number', plan(), { startTime: 1_741_000_000_000 }],
])('%s is refused with API_PARAMS_ERROR naming the field', (_what, p, row) => {
  let caught: unknown;
  try {
    planDateFieldDue(p, row, ZONE, NOW);
  } catch (err) {
    caught = err;
  }
  expect(isJitError(caught, 'API_PARAMS_ERROR')).toBe(true);
  expect((caught as Error).message).toContain(`field '${p.startField}'`);
});
