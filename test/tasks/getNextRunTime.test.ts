import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

/** What a timer template instance offers (SPEC §7.1). */
interface TimerTemplate {
  getNextRunTime(after?: unknown): string | null;
}

let app: App;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  app = await loadApp(fixtureDir('task-app'), { clock: new ManualClock(Date.parse('2025-03-01T07:00:00Z')), dataDir });
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('getNextRunTime on a template instance', () => {
  // tasks.Daily: every day at 09:00 Berlin time from 2025-01-01.
  test.each<[string, unknown, string]>([
    ['a time of day after the run', '2025-03-01 10:00:00', '2025-03-02 09:00:00'],
    ['a time of day before the run', '2025-03-01 08:59:59', '2025-03-01 09:00:00'],
    ['the run itself (strictly after)', '2025-03-01 09:00:00', '2025-03-02 09:00:00'],
    ['a time before the series starts', '2024-12-31 12:00:00', '2025-01-01 09:00:00'],
    ['ISO 8601 with an offset', '2025-03-01T10:00:00+01:00', '2025-03-02 09:00:00'],
    ['a JS Date', new Date('2025-03-01T09:00:00Z'), '2025-03-02 09:00:00'],
    ['the eve of the change to summer time (09:00 stays 09:00)', '2025-03-29 10:00:00', '2025-03-30 09:00:00'],
  ])('after %s', (_, after, expected) => {
    expect(app.getElement<TimerTemplate>('tasks.Daily').getNextRunTime(after)).toBe(expected);
  });

  test.each([
    ['before it', '2024-12-31 23:00:00', '2025-01-01 00:00:00'],
    ['after it (the series has ended)', '2025-03-01 10:00:00', null],
  ])('a one-off template (repeatType normal), %s', (_, after, expected) => {
    expect(app.getElement<TimerTemplate>('tasks.Inner').getNextRunTime(after)).toBe(expected);
  });

  test.each([['not a time'], [1740812400000], ['2025-02-30 09:00:00']])('refuses %j with API_PARAMS_ERROR', (after) => {
    expect(() => app.getElement<TimerTemplate>('tasks.Daily').getNextRunTime(after)).toThrow(
      expect.objectContaining({ code: 'API_PARAMS_ERROR' }),
    );
  });

  test('is pure: the app was never started and no database was opened or created', () => {
    app.getElement<TimerTemplate>('tasks.Daily').getNextRunTime('2025-03-01 10:00:00');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

describe('getNextRunTime agrees with the scheduler', () => {
  test('without an argument it counts from the app clock, not the machine clock', () => {
    // The ManualClock reads 2025-03-01 08:00 Berlin time; the machine's clock says something else.
    expect(app.getElement<TimerTemplate>('tasks.Daily').getNextRunTime()).toBe('2025-03-01 09:00:00');
  });

  test('skipHoliday uses the app holiday calendar, as the scheduler does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-holiday-'));
    fs.writeFileSync(
      path.join(dir, 'app.yaml'),
      'appId: test.Holidays\nextends: [jittask]\nsettings:\n  timezone: Europe/Berlin\n  holidays: ["2025-03-03", "12-25"]\n',
    );
    fs.mkdirSync(path.join(dir, 'elements/tasks/Workday'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'elements/tasks/Workday/e.yaml'),
      [
        'title: Every day but holidays',
        'type: tasks.NormalType',
        'funcType: Inner',
        'timerCfg:',
        '  startTime: "2025-03-01 09:00:00"',
        '  repeat: { repeatType: day, period: 1 }',
        '  skipHoliday: true',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'elements/tasks/Workday/index.js'), 'exports.customFunc = () => null;\n');
    const holidayApp = await loadApp(dir, {
      dataDir: path.join(dir, 'appData'),
      clock: new ManualClock(Date.parse('2025-03-01T07:00:00Z')),
    });
    try {
      const workday = holidayApp.getElement<TimerTemplate>('tasks.Workday');
      expect(workday.getNextRunTime('2025-03-02 10:00:00')).toBe('2025-03-04 09:00:00');
      expect(workday.getNextRunTime('2025-12-24 10:00:00')).toBe('2025-12-26 09:00:00');
    } finally {
      await holidayApp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
