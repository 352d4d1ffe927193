import { DateTime } from 'luxon';
import { parseAppTime } from '../../src/time/parseAppTime';
import { formatAppTime } from '../../src/time/formatAppTime';
import { parseAppDate } from '../../src/time/parseAppDate';
import { isJitError } from '../../src/errors/JitError';

const ZONE = 'Europe/Berlin';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isJitError(err) ? err.code : 'not a JitError';
  }
  return undefined;
}

describe('parseAppTime: what a Datetime argument may be', () => {
  test.each([
    // input, zone, the instant it names (UTC ISO)
    ['app-zone text with seconds', '2024-01-15 09:00:00', ZONE, '2024-01-15T08:00:00.000Z'],
    ['app-zone text without seconds', '2024-01-15 09:00', ZONE, '2024-01-15T08:00:00.000Z'],
    ['app-zone text with milliseconds', '2024-01-15 09:00:00.250', ZONE, '2024-01-15T08:00:00.250Z'],
    ['app-zone text with a T', '2024-07-15T09:00:00', ZONE, '2024-07-15T07:00:00.000Z'],
    ['surrounding spaces', '  2024-01-15 09:00:00 ', ZONE, '2024-01-15T08:00:00.000Z'],
    ['the same text in another zone', '2024-01-15 09:00:00', 'Asia/Shanghai', '2024-01-15T01:00:00.000Z'],
    ['the leap day', '2024-02-29 12:00:00', ZONE, '2024-02-29T11:00:00.000Z'],
    ['ISO with Z', '2024-01-15T09:00:00Z', ZONE, '2024-01-15T09:00:00.000Z'],
    ['ISO with an offset', '2024-01-15T09:00:00+05:30', ZONE, '2024-01-15T03:30:00.000Z'],
    ['ISO with a compact offset', '2024-01-15T09:00:00-0400', ZONE, '2024-01-15T13:00:00.000Z'],
    ['ISO with an hours-only offset', '2024-01-15T09:00:00+02', ZONE, '2024-01-15T07:00:00.000Z'],
    ['ISO keeps milliseconds', '2024-01-15T09:00:00.123Z', ZONE, '2024-01-15T09:00:00.123Z'],
    ['ISO microseconds are cut to milliseconds', '2024-01-15T09:00:00.123999+00:00', ZONE, '2024-01-15T09:00:00.123Z'],
    ['ISO with a one-digit fraction', '2024-01-15T09:00:00.5Z', ZONE, '2024-01-15T09:00:00.500Z'],
    ['a space instead of T, with an offset', '2024-01-15 09:00:00+01:00', ZONE, '2024-01-15T08:00:00.000Z'],
    ['lower-case t and z', '2024-01-15t09:00:00.5z', ZONE, '2024-01-15T09:00:00.500Z'],
    ['nine fraction digits', '2024-01-15T09:00:00.000000001-01:30', ZONE, '2024-01-15T10:30:00.000Z'],
    ['a two-digit fraction', '2024-01-15 09:00:00.25', ZONE, '2024-01-15T08:00:00.250Z'],
    // DST: a skipped wall time runs at the gap's end, a repeated one at its first occurrence.
    ['Berlin spring gap', '2024-03-31 02:30:00', ZONE, '2024-03-31T01:00:00.000Z'],
    ['Berlin autumn overlap', '2024-10-27 02:30:00', ZONE, '2024-10-27T00:30:00.000Z'],
    ['New York spring gap', '2024-03-10 02:30:00', 'America/New_York', '2024-03-10T07:00:00.000Z'],
    ['New York autumn overlap', '2024-11-03 01:30:00', 'America/New_York', '2024-11-03T05:30:00.000Z'],
    ['Lord Howe 30-minute gap', '2024-10-06 02:15:00', 'Australia/Lord_Howe', '2024-10-05T15:30:00.000Z'],
    ['Lord Howe 30-minute overlap', '2024-04-07 01:45:00', 'Australia/Lord_Howe', '2024-04-06T14:45:00.000Z'],
    ['Santiago midnight gap', '2024-09-08 00:00:00', 'America/Santiago', '2024-09-08T04:00:00.000Z'],
    // An explicit offset names one exact instant, even inside a gap of the app zone.
    ['an explicit offset is not moved by the gap', '2024-03-31T02:30:00+01:00', ZONE, '2024-03-31T01:30:00.000Z'],
  ])('%s: %p', (_label, input, zone, expectedUtc) => {
    const t = parseAppTime(input, zone);
    expect(t?.toUTC().toISO()).toBe(expectedUtc);
    expect(t?.zoneName).toBe(zone);
  });

  test('a JS Date keeps its instant, milliseconds included, shown in the app zone', () => {
    const t = parseAppTime(new Date('2024-06-01T10:00:00.007Z'), ZONE);
    expect(t?.toISO()).toBe('2024-06-01T12:00:00.007+02:00');
  });

  test('a luxon DateTime keeps its instant and is moved to the app zone', () => {
    const t = parseAppTime(DateTime.fromISO('2024-06-01T10:00:00.007', { zone: 'Asia/Tokyo' }), ZONE);
    expect(t?.toISO()).toBe('2024-06-01T03:00:00.007+02:00');
  });

  test.each([
    ['an impossible day', '2024-02-30 09:00:00'],
    ['Feb 29 of a common year', '2023-02-29 09:00:00'],
    ['month 13', '2024-13-01 09:00:00'],
    ['hour 24', '2024-01-15 24:00:00'],
    ['minute 60', '2024-01-15 09:60:00'],
    ['second 60', '2024-01-15 09:00:60'],
    ['an offset beyond 23 hours', '2024-01-15T09:00:00+24:00'],
    ['a date only', '2024-01-15'],
    ['a time only', '09:00:00'],
    ['slashes', '2024/01/15 09:00:00'],
    ['single-digit fields', '2024-1-5 9:00:00'],
    ['garbage', 'next tuesday'],
    ['ten fraction digits', '2024-01-15T09:00:00.1234567890Z'],
    ['a point without a fraction', '2024-01-15T09:00:00.Z'],
    ['a fraction without seconds', '2024-01-15T09:00.5Z'],
    ['an offset colon without minutes', '2024-01-15T09:00:00+05:'],
    ['a one-digit offset minute', '2024-01-15T09:00:00+05:3'],
    ['an offset without digits', '2024-01-15T09:00:00+'],
    ['an offset minute beyond 59', '2024-01-15T09:00:00+05:60'],
    ['text after the time', '2024-01-15 09:00:00 tomorrow'],
    ['text after the offset', '2024-01-15T09:00:00Zulu'],
    ['a five-digit year', '20245-01-15 09:00:00'],
    ['a year below 100', '0099-01-15 09:00:00'],
    ['an empty string', ''],
    ['epoch milliseconds', 1_705_305_600_000],
    ['an invalid Date', new Date('nope')],
    ['an invalid DateTime', DateTime.invalid('test')],
    ['null', null],
    ['undefined', undefined],
    ['an object', { year: 2024, month: 1, day: 15 }],
  ])('%s is not a time', (_label, input) => {
    expect(parseAppTime(input, ZONE)).toBeNull();
  });

  test('an unknown zone is a configuration error, not an unparseable value', () => {
    expect(codeOf(() => parseAppTime('2024-01-15 09:00:00', 'Nowhere/Land'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseAppTime('garbage', 'Nowhere/Land'))).toBe('CONFIG_INVALID');
  });
});

describe('formatAppTime: how times are handed back to callers', () => {
  test.each([
    ['a DateTime in another zone', DateTime.fromISO('2024-01-15T09:00:00Z'), ZONE, '2024-01-15 10:00:00'],
    ['epoch milliseconds', Date.UTC(2024, 6, 15, 7, 0, 0), ZONE, '2024-07-15 09:00:00'],
    ['milliseconds are dropped from the text', DateTime.fromISO('2024-01-15T09:00:00.999Z'), 'UTC', '2024-01-15 09:00:00'],
    ['the first of two repeated hours', Date.UTC(2024, 9, 27, 0, 30), ZONE, '2024-10-27 02:30:00'],
    ['the second of two repeated hours', Date.UTC(2024, 9, 27, 1, 30), ZONE, '2024-10-27 02:30:00'],
    ['a date crossing midnight by zone', Date.UTC(2024, 0, 15, 20, 0), 'Asia/Shanghai', '2024-01-16 04:00:00'],
  ])('%s', (_label, t, zone, expected) => {
    expect(formatAppTime(t, zone)).toBe(expected);
  });

  test('round-trips with parseAppTime for every existing wall time', () => {
    for (const text of ['2024-01-15 09:00:00', '2024-02-29 23:59:59', '2024-10-27 02:30:00']) {
      const t = parseAppTime(text, ZONE);
      expect(t && formatAppTime(t, ZONE)).toBe(text);
    }
  });

  test('a skipped wall time reads back as the end of the gap', () => {
    const t = parseAppTime('2024-03-31 02:30:00', ZONE);
    expect(t && formatAppTime(t, ZONE)).toBe('2024-03-31 03:00:00');
  });

  test.each([
    ['an invalid DateTime', DateTime.invalid('test'), ZONE, 'API_PARAMS_ERROR'],
    ['NaN', Number.NaN, ZONE, 'API_PARAMS_ERROR'],
    ['an unknown zone', 0, 'Nowhere/Land', 'CONFIG_INVALID'],
  ])('refuses %s rather than writing "Invalid DateTime"', (_label, t, zone, code) => {
    expect(codeOf(() => formatAppTime(t, zone))).toBe(code);
  });
});

describe('parseAppDate: what a Date argument may be', () => {
  test.each([
    ['a date string', '2024-01-15', ZONE, '2024-01-15'],
    ['the leap day', '2024-02-29', ZONE, '2024-02-29'],
    ['surrounding spaces', ' 2024-01-15 ', ZONE, '2024-01-15'],
    ['a JS Date, its day in the app zone', new Date('2024-01-15T23:30:00Z'), ZONE, '2024-01-16'],
    ['the same JS Date in a zone behind UTC', new Date('2024-01-15T23:30:00Z'), 'America/New_York', '2024-01-15'],
    ['a luxon DateTime, its day in the app zone', DateTime.fromISO('2024-01-15T20:00:00Z'), 'Asia/Tokyo', '2024-01-16'],
  ])('%s', (_label, input, zone, expected) => {
    expect(parseAppDate(input, zone)).toBe(expected);
  });

  test.each([
    ['Feb 29 of a common year', '2023-02-29'],
    ['April 31', '2024-04-31'],
    ['month 0', '2024-00-10'],
    ['a date with a time of day', '2024-01-15 09:00:00'],
    ['single-digit fields', '2024-1-5'],
    ['garbage', 'tomorrow'],
    ['a number', 20240115],
    ['an invalid Date', new Date('nope')],
    ['an invalid DateTime', DateTime.invalid('test')],
    ['null', null],
  ])('%s is not a date', (_label, input) => {
    expect(parseAppDate(input, ZONE)).toBeNull();
  });
});
