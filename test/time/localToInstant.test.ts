import { localToInstant, type WallTime } from '../../src/time/localToInstant';
import { isJitError } from '../../src/errors/JitError';

/** `YYYY-MM-DD HH:mm` → WallTime, so the tables read like clocks on a wall. */
function wall(text: string): WallTime {
  const [date = '', time = '00:00'] = text.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour, minute };
}

describe('localToInstant: a wall-clock reading in the app zone becomes one instant', () => {
  test.each([
    // zone, wall time, expected instant (ISO, in the zone)
    ['an ordinary winter morning', 'Europe/Berlin', '2024-01-15 09:00', '2024-01-15T09:00:00.000+01:00'],
    ['an ordinary summer morning', 'Europe/Berlin', '2024-07-15 09:00', '2024-07-15T09:00:00.000+02:00'],
    ['the last minute before the spring gap', 'Europe/Berlin', '2024-03-31 01:59', '2024-03-31T01:59:00.000+01:00'],
    ['the leap day', 'Asia/Shanghai', '2024-02-29 12:00', '2024-02-29T12:00:00.000+08:00'],
    ['a zone without DST', 'UTC', '2024-03-31 02:30', '2024-03-31T02:30:00.000Z'],
  ])('%s (%s %s)', (_label, zone, time, expected) => {
    expect(localToInstant(wall(time), zone).toISO()).toBe(expected);
  });

  test.each([
    // A wall time skipped by DST runs at the first instant after the gap: the gap's end.
    ['Berlin spring forward 02:00→03:00', 'Europe/Berlin', '2024-03-31 02:30', '2024-03-31T03:00:00.000+02:00'],
    ["Berlin, the gap's first minute", 'Europe/Berlin', '2024-03-31 02:00', '2024-03-31T03:00:00.000+02:00'],
    ['New York spring forward', 'America/New_York', '2024-03-10 02:15', '2024-03-10T03:00:00.000-04:00'],
    ['Lord Howe 30-minute gap 02:00→02:30', 'Australia/Lord_Howe', '2024-10-06 02:15', '2024-10-06T02:30:00.000+11:00'],
    ['Santiago midnight gap 00:00→01:00', 'America/Santiago', '2024-09-08 00:00', '2024-09-08T01:00:00.000-03:00'],
    ['Santiago, inside the midnight gap', 'America/Santiago', '2024-09-08 00:40', '2024-09-08T01:00:00.000-03:00'],
    ['Havana midnight gap 00:00→01:00', 'America/Havana', '2024-03-10 00:30', '2024-03-10T01:00:00.000-04:00'],
  ])('a skipped wall time: %s', (_label, zone, time, expected) => {
    expect(localToInstant(wall(time), zone).toISO()).toBe(expected);
  });

  test.each([
    // A wall time that occurs twice maps to its first occurrence, with the pre-transition offset.
    ['Berlin fall back 03:00→02:00', 'Europe/Berlin', '2024-10-27 02:30', '2024-10-27T02:30:00.000+02:00'],
    ['New York fall back', 'America/New_York', '2024-11-03 01:30', '2024-11-03T01:30:00.000-04:00'],
    ['Lord Howe 30-minute overlap', 'Australia/Lord_Howe', '2024-04-07 01:45', '2024-04-07T01:45:00.000+11:00'],
    ['Santiago late-evening overlap', 'America/Santiago', '2024-04-06 23:30', '2024-04-06T23:30:00.000-03:00'],
    ['Havana overlap after midnight', 'America/Havana', '2024-11-03 00:30', '2024-11-03T00:30:00.000-04:00'],
  ])('a repeated wall time: %s', (_label, zone, time, expected) => {
    expect(localToInstant(wall(time), zone).toISO()).toBe(expected);
  });

  test('the first occurrence is the earlier of the two instants', () => {
    const first = localToInstant(wall('2024-10-27 02:30'), 'Europe/Berlin');
    const hourLater = localToInstant(wall('2024-10-27 03:30'), 'Europe/Berlin');
    expect(hourLater.toMillis() - first.toMillis()).toBe(2 * 3_600_000);
  });

  test('seconds and milliseconds are kept', () => {
    const t = localToInstant({ year: 2024, month: 5, day: 1, hour: 8, minute: 7, second: 6, millisecond: 5 }, 'Europe/Berlin');
    expect(t.toISO()).toBe('2024-05-01T08:07:06.005+02:00');
  });

  test('the result is set to the zone it was read in', () => {
    expect(localToInstant(wall('2024-05-01 08:00'), 'America/New_York').zoneName).toBe('America/New_York');
  });

  test.each([
    ['Feb 30', { year: 2024, month: 2, day: 30 }, 'Europe/Berlin'],
    ['Feb 29 of a common year', { year: 2023, month: 2, day: 29 }, 'Europe/Berlin'],
    ['hour 24', { year: 2024, month: 1, day: 1, hour: 24 }, 'Europe/Berlin'],
    ['an unknown zone', { year: 2024, month: 1, day: 1 }, 'Mars/Olympus_Mons'],
  ])('%s is refused with CONFIG_INVALID', (_label, w, zone) => {
    let caught: unknown;
    try {
      localToInstant(w, zone);
    } catch (err) {
      caught = err;
    }
    expect(isJitError(caught, 'CONFIG_INVALID')).toBe(true);
  });
});
