import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, JitError, loadApp, ManualClock, type App, type JitIssue } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { runs } from '../fixtures/jitai/scheduled-tasks/elements/tasks/TestTimeTasks';
import { loaded } from '../fixtures/jitai/jaap-element/elements/models/User';

const jitai = (name: string): string => fixtureDir('jitai', name);

let dataDir: string;
let app: App | undefined;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What loading `dir` reports, with files relative to its folder. */
async function loadIssues(dir: string): Promise<JitIssue[]> {
  try {
    const loadedApp = await loadApp(dir, { dataDir });
    await loadedApp.close();
  } catch (err) {
    if (err instanceof JitError) return err.issues.map((i) => ({ ...i, file: i.file && path.relative(dir, i.file) }));
    throw err;
  }
  return [];
}

describe("the Scheduled Tasks page's e.json files load as JitAi writes them", () => {
  test('"backendBundleEntry": "." in a folder without code means no module, not a missing one', async () => {
    app = await loadApp(jitai('scheduled-tasks'), { dataDir });
    expect(app.getElementDefine('tasks.MyDailyJob')).toMatchObject({ backendBundleEntry: '.', enable: 1, funcType: 'Global' });
    expect(app.modulesOf('tasks.MyDailyJob')).toEqual([]);
  });

  describe('"." in a folder with an index.ts is that module', () => {
    let clock: ManualClock;
    let opened: OpenTaskApp;
    beforeEach(async () => {
      runs.length = 0;
      clock = new ManualClock(Date.parse('2024-03-01T00:00:00Z'));
      opened = await openTaskApp(jitai('scheduled-tasks'), clock, dataDir);
    });
    afterEach(async () => {
      await opened.close();
    });

    test('its customFunc runs and reads its task through currentTask()', async () => {
      const task = await opened.svc.createTimerTask('tasks.TestTimeTasks', '2024-03-01 08:00:10', 'customFunc', 'tasks.NormalType', {
        batchSize: 100,
      });
      await clock.advance(10_000);
      expect(runs).toEqual([{ taskId: task.taskId, argDict: { batchSize: 100 } }]);
      expect(await opened.svc.getTask(task.taskId)).toMatchObject({
        status: 'completed',
        result: { status: 'success', processedCount: 0 },
      });
    });
  });

  test('"skipHoliday": 1 skips the holidays of settings.holidays, "skipHoliday": 0 does not', async () => {
    app = await loadApp(jitai('scheduled-tasks'), { dataDir });
    const next = (fullName: string): string | null =>
      app!.getElement<{ getNextRunTime(after?: unknown): string | null }>(fullName).getNextRunTime('2024-01-01 09:00:00');
    expect(next('tasks.TestTimeTasks')).toBe('2024-01-03 09:00:00');
    expect(next('tasks.TestTimeTasksNoSkip')).toBe('2024-01-02 09:00:00');
  });
});

describe("the Date Field Tasks page's keys", () => {
  test('startOffset.time sets the time of day: the "9:00 AM on the same day" example', async () => {
    const clock = new ManualClock(Date.parse('2025-03-01T00:00:00Z'));
    const opened = await openTaskApp(jitai('date-field-tasks'), clock, dataDir);
    try {
      const meetings = opened.app.getElement<{ create(row: object): Promise<{ id: number }> }>('models.MeetingModel');
      const row = await meetings.create({ title: 'Review', startTime: '2025-03-05 14:30:00' });
      const pending = await opened.svc.listTasks({ rowId: String(row.id), status: 'pending' });
      expect(pending.map((t) => [t.fullName, t.startTime]).sort()).toEqual([
        ['tasks.MeetingDayBriefing', '2025-03-05 09:00:00'],
        ['tasks.MeetingReminder', '2025-03-05 14:15:00'],
        ['tasks.MeetingReminderInner', '2025-03-05 14:15:00'],
      ]);
    } finally {
      await opened.close();
    }
  });

  test('endOffset, endTimeType and skipHoliday are accepted and kept in the merged definition', async () => {
    app = await loadApp(jitai('date-field-tasks'), { dataDir });
    expect(app.getElementDefine('tasks.MeetingFollowUp').timerCfg).toEqual({
      startField: 'startTime',
      startOffset: { offsetType: 1, offset: 1, offsetUnit: 'hour' },
      endOffset: { offsetType: 1, offset: 2, offsetUnit: 'hour' },
      repeat: { repeatType: 'normal' },
      endTimeType: 0,
      skipHoliday: 1,
    });
  });
});

describe("the JAAP page's complete e.json", () => {
  beforeEach(() => {
    loaded.length = 0;
  });

  test('loads with every key, and the merged definition keeps them', async () => {
    app = await loadApp(jitai('jaap-element'), { dataDir });
    expect(app.getElementDefine('models.User')).toMatchObject({
      icon: 'user',
      tag: '数据模型,用户管理',
      frontBundleEntry: 'index.js',
      frontMobileBundleEntry: 'mobile.js',
      loadTime: 'afterStartUp',
      backendLoadTime: 'afterAppInit',
      cacheLevel: 0,
      functionList: [expect.objectContaining({ name: 'getUserById', async: true, ignoreSign: false, loginRequired: 1 })],
    });
    expect(app.getElementDefine('services.UserService')).toMatchObject({
      extendType: 'self',
      backendEpath: 'services/UserService/element.pkg',
      path: 'services',
      variables: [{ name: 'region', title: 'Region', dataType: 'Stext' }],
      eventDescs: [expect.objectContaining({ name: 'dataProcessed' })],
    });
  });

  test('backendLoadTime: afterAppInit creates the instance when the app loads, like loadTime: startUp', async () => {
    app = await loadApp(jitai('jaap-element'), { dataDir });
    expect(loaded).toEqual(['models.User']);
    expect(await app.getElement<{ getUserById(userId: string): Promise<unknown> }>('models.User').getUserById('u1')).toEqual({
      userId: 'u1',
    });
  });

  test('config.json beside e.json is the config; inline config keys win', async () => {
    app = await loadApp(jitai('jaap-element'), { dataDir });
    expect(app.getElement<{ config: Record<string, unknown> }>('services.UserService').config).toEqual({
      database: {
        alias: 'Default',
        type: 'sqlite',
        config: { database: 'appData/databases/Default/sqlite.db', pool_size: 10, max_overflow: 20 },
      },
      pool: 'inline',
    });
  });

  test('accessModifier: protect is protected: a child app may not override it', async () => {
    expect(await loadIssues(jitai('broken-protect-child'))).toEqual([
      expect.objectContaining({ code: 'OVERRIDE_FORBIDDEN', message: expect.stringContaining("'services.UserService' is protected") }),
    ]);
  });

  test('config.json and config.yaml side by side are refused: which one is the config?', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-both-'));
    try {
      const element = path.join(dir, 'elements/services/CfgSvc');
      fs.mkdirSync(element, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'app.yaml'),
        `appId: test.BothConfigs\ntitle: Both configs\nextends: [${JSON.stringify(jitai('scheduled-tasks'))}]\n`,
      );
      fs.writeFileSync(path.join(element, 'e.json'), '{ "title": "Config service", "type": "services.NormalType" }\n');
      fs.writeFileSync(path.join(element, 'config.json'), '{ "pool": "json" }\n');
      fs.writeFileSync(path.join(element, 'config.yaml'), 'pool: yaml\n');
      expect(checkApp(dir, {})).toEqual([
        expect.objectContaining({
          code: 'CONFIG_INVALID',
          file: path.join(element, 'config.json'),
          message: expect.stringContaining('config.yaml'),
        }),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the service and event pages', () => {
  test('argsToDatatype and eventDescs are kept; the Money and Percent arguments arrive as objects, the result is a Money', async () => {
    app = await loadApp(jitai('custom-business-service'), { dataDir });
    const define = app.getElementDefine('services.MyBusinessService');
    expect(define.functionList).toEqual([expect.objectContaining({ name: 'calculateTotal', argsToDatatype: true })]);
    expect(define.eventDescs).toEqual([
      { name: 'dataProcessed', title: 'Data Processing Completed', desc: 'Trigger this event when data processing is completed' },
    ]);
    const svc = app.getElement<{ callFunction(n: string, a: object): Promise<unknown> }>('services.MyBusinessService');
    // The page: `result = service.calculateTotal(amount=1000.0, discount=15.0)`, `result.value` is 850.0.
    const result = (await svc.callFunction('calculateTotal', { amount: 1000, discount: 15 })) as { value: number };
    expect(result.value).toBe(850);
  });

  test("backendEpath, extendType and path are kept, in a family of the app's own", async () => {
    app = await loadApp(jitai('custom-events'), { dataDir });
    expect(app.getElementDefine('events.MyCustomEvent')).toMatchObject({
      backendEpath: 'events/MyCustomEvent/element.pkg',
      extendType: 'self',
      backendBundleEntry: '.',
    });
    expect(app.getElementDefine('events.AsyncProcessEvent')).toMatchObject({ path: 'events', asyncType: true });
  });
});

test('a key nobody documents is still an error, with its file and line', async () => {
  const issues = await loadIssues(jitai('broken-keys'));
  const unknown = issues.filter((i) => i.message.startsWith('unknown key'));
  expect(unknown).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ code: 'CONFIG_INVALID', file: 'elements/services/TypoSvc/e.json', line: 5, path: 'backendLoadTimes' }),
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: 'elements/services/TypoSvc/e.json',
        line: 12,
        path: 'functionList.0.loginRequire',
      }),
      expect.objectContaining({ code: 'CONFIG_INVALID', file: 'elements/tasks/TypoJob/e.json', line: 8, path: 'timerCfg.startOffset.tme' }),
      expect.objectContaining({ code: 'CONFIG_INVALID', file: 'elements/tasks/TypoJob/e.json', line: 9, path: 'timerCfg.skipHolidays' }),
    ]),
  );
  expect(unknown).toHaveLength(4);
});
