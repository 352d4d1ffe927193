import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, JitError, loadApp, type JitIssue } from 'jittask';
import { readSchedulerSettings } from '../../src/tasks/SchedulerSettings';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * Writes an app with the given `app.yaml` text and element definitions (keyed by folder under
 * `elements/`, e.g. `tasks/Sync`), and returns its folder. Texts are written as they are, so that
 * a test can state the line and column of each problem.
 */
function writeApp(appYaml: string, elements: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-settings-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), appYaml);
  for (const [folder, text] of Object.entries(elements)) {
    fs.mkdirSync(path.join(dir, 'elements', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elements', folder, 'e.yaml'), text);
  }
  return dir;
}

/** `app.yaml` lines: an app extending jittask, then `lines` (indented as given). */
function manifest(...lines: string[]): string {
  return ['appId: test.Settings', 'extends: [jittask]', ...lines, ''].join('\n');
}

/** Where a problem is expected: line, column and key path in `file` (default the app.yaml), and a fragment of its message. */
interface Expected {
  line: number;
  column: number;
  path: string;
  says: string;
  file?: string;
}

/** The issues loadApp throws for `dir`; fails the test when it loads. */
async function loadIssues(dir: string, env: Record<string, string>): Promise<JitIssue[]> {
  let app;
  try {
    app = await loadApp(dir, { env, dataDir: path.join(dir, 'appData') });
  } catch (err) {
    if (err instanceof JitError) return err.issues;
    throw err;
  }
  await app.close();
  throw new Error(`${dir} loaded without error`);
}

/** checkApp reports exactly `expected`, as CONFIG_INVALID, and loadApp refuses the app with the same issues. */
async function expectRefused(dir: string, expected: Expected[], env: Record<string, string> = {}): Promise<void> {
  const issues = checkApp(dir, env);
  expect(issues).toHaveLength(expected.length);
  for (const { says, file, ...where } of expected) {
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(dir, file ?? 'app.yaml'),
        ...where,
        message: expect.stringContaining(says),
      }),
    );
  }
  expect(await loadIssues(dir, env)).toEqual(issues);
}

describe('settings.scheduler', () => {
  test('counts must be positive integers and durations positive: every problem at once, each at its key', async () => {
    const dir = writeApp(
      manifest(
        'settings:',
        '  scheduler:',
        '    batchSize: 0.5',
        '    concurrency: 0.5',
        '    pollInterval: 0.0001',
        '    leaseSeconds: 0',
        '    shutdownGraceSeconds: -1',
        '    overdueToleranceSeconds: soon',
        '    pollIntervall: 2',
      ),
    );
    await expectRefused(dir, [
      { line: 5, column: 5, path: 'settings.scheduler.batchSize', says: 'positive integer' },
      { line: 6, column: 5, path: 'settings.scheduler.concurrency', says: 'positive integer' },
      { line: 7, column: 5, path: 'settings.scheduler.pollInterval', says: 'at least 0.01' },
      { line: 8, column: 5, path: 'settings.scheduler.leaseSeconds', says: 'at least 0.001' },
      { line: 9, column: 5, path: 'settings.scheduler.shutdownGraceSeconds', says: 'at least 0' },
      { line: 10, column: 5, path: 'settings.scheduler.overdueToleranceSeconds', says: 'a number of seconds' },
      { line: 11, column: 5, path: 'settings.scheduler.pollIntervall', says: "unknown key 'pollIntervall'" },
    ]);
  });

  test('counts and durations are bounded: no count beyond 10000, no duration beyond what a timer can wait for', async () => {
    const dir = writeApp(
      manifest('settings:', '  scheduler: { concurrency: 1000000, batchSize: 10001, defaultTimeoutSeconds: 1e308, leaseSeconds: 3000000 }'),
    );
    await expectRefused(dir, [
      { line: 4, column: 16, path: 'settings.scheduler.concurrency', says: 'at most 10000' },
      { line: 4, column: 38, path: 'settings.scheduler.batchSize', says: 'at most 10000' },
      { line: 4, column: 56, path: 'settings.scheduler.defaultTimeoutSeconds', says: 'at most 2147483' },
      { line: 4, column: 86, path: 'settings.scheduler.leaseSeconds', says: 'at most 2147483' },
    ]);
  });

  test('values at the edges of the ranges load, and the engine reads them in milliseconds', async () => {
    const dir = writeApp(
      manifest(
        'settings:',
        '  scheduler: { pollInterval: 0.01, concurrency: 10000, batchSize: 1, leaseSeconds: 259200, shutdownGraceSeconds: 0, overdueToleranceSeconds: 0, defaultTimeoutSeconds: 2147483 }',
      ),
    );
    expect(checkApp(dir, {})).toEqual([]);
    const app = await loadApp(dir, { env: {}, dataDir: path.join(dir, 'appData') });
    try {
      expect(readSchedulerSettings(app.settings.scheduler)).toEqual({
        pollIntervalMs: 10,
        concurrency: 10000,
        batchSize: 1,
        leaseMs: 259_200_000,
        shutdownGraceMs: 0,
        overdueToleranceMs: 0,
        defaultTimeoutMs: 2_147_483_000,
      });
    } finally {
      await app.close();
    }
  });

  test('a number filled in by a {{PLACEHOLDER}} counts as a number, and is checked as one', async () => {
    const dir = writeApp(manifest('settings:', '  scheduler:', '    concurrency: "{{JT_CONCURRENCY}}"', '    pollInterval: "{{JT_POLL}}"'));
    await expectRefused(dir, [{ line: 5, column: 5, path: 'settings.scheduler.concurrency', says: 'positive integer' }], {
      JT_CONCURRENCY: '0.5',
      JT_POLL: '2',
    });

    const app = await loadApp(dir, { env: { JT_CONCURRENCY: '3', JT_POLL: '2' }, dataDir: path.join(dir, 'appData') });
    try {
      expect(readSchedulerSettings(app.settings.scheduler)).toMatchObject({ concurrency: 3, pollIntervalMs: 2000 });
    } finally {
      await app.close();
    }
  });
});

describe('settings', () => {
  test('holidays must be real dates, each reported at its item', async () => {
    const dir = writeApp(
      manifest('settings:', '  holidays:', '    - 2025-12-25', '    - 2025-13-45', '    - 02-29', '    - 02-30', '    - 20250101'),
    );
    await expectRefused(dir, [
      { line: 6, column: 7, path: 'settings.holidays.1', says: '"2025-13-45" is not a date' },
      { line: 8, column: 7, path: 'settings.holidays.3', says: '"02-30" is not a date' },
      { line: 9, column: 7, path: 'settings.holidays.4', says: 'not a date string' },
    ]);
  });

  test('holidays must be a list', async () => {
    await expectRefused(writeApp(manifest('settings:', '  holidays: 2025-12-25')), [
      { line: 4, column: 3, path: 'settings.holidays', says: 'must be a list' },
    ]);
  });

  test.each([
    ['an element that does not exist', 'databases.Nope', 'names no element'],
    ['an element that is not a database', 'services.TaskSvc', 'is not a database'],
    ['not a name at all', '42', 'must be the fullName of a database element'],
  ])('defaultDatabase must name a database element: not %s', async (_case, value, says) => {
    await expectRefused(writeApp(manifest('settings:', `  defaultDatabase: ${value}`)), [
      { line: 4, column: 3, path: 'settings.defaultDatabase', says },
    ]);
  });

  test.each([
    ['a number', '5', 'must be a string'],
    ['an unknown zone', 'Mars/Olympus', "unknown time zone 'Mars/Olympus'"],
  ])('timezone must be an IANA zone name, not %s', async (_case, value, says) => {
    await expectRefused(writeApp(manifest('settings:', `  timezone: ${value}`)), [{ line: 4, column: 3, path: 'settings.timezone', says }]);
  });

  test('unknown keys are refused; every problem of the file comes at once', async () => {
    const dir = writeApp(
      manifest(
        'settings:',
        '  timezon: Europe/Berlin',
        '  timezone: 5',
        '  defaultDatabase: services.TaskSvc',
        '  holidays: [2025-13-45]',
        '  scheduler: { batchSize: 0.5, concurrency: 0 }',
        '  scheduler2: {}',
      ),
    );
    await expectRefused(dir, [
      { line: 4, column: 3, path: 'settings.timezon', says: "unknown key 'timezon'" },
      { line: 5, column: 3, path: 'settings.timezone', says: 'must be a string' },
      { line: 6, column: 3, path: 'settings.defaultDatabase', says: 'is not a database' },
      { line: 7, column: 14, path: 'settings.holidays.0', says: 'is not a date' },
      { line: 8, column: 16, path: 'settings.scheduler.batchSize', says: 'positive integer' },
      { line: 8, column: 32, path: 'settings.scheduler.concurrency', says: 'positive integer' },
      { line: 9, column: 3, path: 'settings.scheduler2', says: "unknown key 'scheduler2'" },
    ]);
  });

  test("a parent app's settings are checked too, in the parent's file", async () => {
    const parent = writeApp(manifest('settings:', '  scheduler: { batchSize: 0.5 }'));
    const child = writeApp(
      ['appId: test.Child', `extends: [${JSON.stringify(parent)}]`, 'settings: { timezone: Europe/Berlin }', ''].join('\n'),
    );
    await expectRefused(child, [
      {
        file: path.relative(child, path.join(parent, 'app.yaml')),
        line: 4,
        column: 16,
        path: 'settings.scheduler.batchSize',
        says: 'positive integer',
      },
    ]);
  });

  test('a sound app.yaml with every setting has no issues', () => {
    const dir = writeApp(
      manifest(
        'settings:',
        '  timezone: Europe/Berlin',
        '  defaultDatabase: databases.Default',
        '  holidays: ["2025-12-25", "02-29"]',
        '  scheduler: { pollInterval: 86400, leaseSeconds: 259200, batchSize: 100 }',
      ),
    );
    expect(checkApp(dir, {})).toEqual([]);
  });
});

describe('template keys', () => {
  const sync = (...lines: string[]): string =>
    [
      'title: Sync',
      'type: tasks.NormalType',
      'funcType: Global',
      'func: services.Greeter.hello',
      'argDict: { name: Ada }',
      'timerCfg: { startTime: "2025-01-01 09:00:00", repeat: { repeatType: day } }',
      ...lines,
      '',
    ].join('\n');
  const taskApp = (define: string): string =>
    writeApp(['appId: test.Settings', `extends: [${JSON.stringify(fixtureDir('task-app'))}]`, ''].join('\n'), { 'tasks/Sync': define });

  test('retry and timeout are bounded, so that no due time or timer can overflow', async () => {
    const dir = taskApp(sync('timeout: 1e308', 'retry:', '  maxAttempts: 1000000', '  backoffSeconds: 1e308'));
    const file = 'elements/tasks/Sync/e.yaml';
    await expectRefused(dir, [
      { file, line: 7, column: 1, path: 'timeout', says: 'must be <= 2147483' },
      { file, line: 9, column: 3, path: 'retry.maxAttempts', says: 'must be <= 100' },
      { file, line: 10, column: 3, path: 'retry.backoffSeconds', says: 'must be <= 86400' },
    ]);
  });

  test('maxAttempts is a whole number of at least 1, and the largest bounds still load', async () => {
    const file = 'elements/tasks/Sync/e.yaml';
    await expectRefused(taskApp(sync('retry: { maxAttempts: 2.5 }')), [
      { file, line: 7, column: 10, path: 'retry.maxAttempts', says: 'must be integer' },
    ]);
    expect(checkApp(taskApp(sync('timeout: 2147483', 'retry: { maxAttempts: 100, backoffSeconds: 86400 }')), {})).toEqual([]);
  });
});

describe('date-field template keys', () => {
  const reminder = (offset: string, unit: string): string =>
    [
      'title: Reminder',
      'type: tasks.DateFieldType',
      'modelPath: models.Meeting',
      'funcType: Global',
      'func: services.MeetingSvc.notify',
      'timerCfg:',
      '  startField: startTime',
      `  startOffset: { offsetType: -1, offset: ${offset}, offsetUnit: ${unit} }`,
      '',
    ].join('\n');
  const dateFieldApp = (define: string): string =>
    writeApp(['appId: test.Settings', `extends: [${JSON.stringify(fixtureDir('datefield-app'))}]`, ''].join('\n'), {
      'tasks/Reminder': define,
    });

  test('an offset is bounded (at most 100 years), so that no due time can overflow', async () => {
    await expectRefused(dateFieldApp(reminder('1e308', 'minute')), [
      { file: 'elements/tasks/Reminder/e.yaml', line: 8, column: 34, path: 'timerCfg.startOffset.offset', says: 'at most 100 years' },
    ]);
    expect(checkApp(dateFieldApp(reminder('36500', 'day')), {})).toEqual([]);
  });
});
