import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { clients } from '../fixtures/jitai/im-robots/elements/imRobots/dingTalkStreamType';
import { notified } from '../fixtures/jitai/model-events/elements/services/MeetingSvc';
import { followUps } from '../fixtures/jitai/model-events/elements/tasks/TaskFollowUp';

// The JitAi corpus: test/fixtures/jitai/ holds apps written as JitAi's documentation and the seed
// write them (each names its page in app.yaml or README.md). Every app but the broken-* ones must
// pass `jittask check` as written, and run as its page documents. Where another test already runs
// an app, RUN_ELSEWHERE names it rather than running it twice.

const corpusDir = fixtureDir('jitai');
const corpus = fs
  .readdirSync(corpusDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('broken-'))
  .map((e) => e.name)
  .sort();

/** Apps whose documented behaviour is tested in another file of test/jitai/. */
const RUN_ELSEWHERE: Record<string, string> = {
  'app-object': 'appObject.test.ts (the global app, the Quick Start inner.py, the App methods)',
  'custom-business-service': 'elementKeys.test.ts (its Money and Percent arguments convert)',
  'custom-events': 'elementKeys.test.ts (its keys are kept; it has no tasks)',
  'data-models': '../models/jitaiDataModels.test.ts (the examples of the data-model and Q-expression pages, on SQLite and PostgreSQL)',
  'data-types': '../services/everyDataType.test.ts (every type as arguments, data type objects, returns and model fields)',
  'date-field-tasks': 'callingConventions.test.ts (Global and Inner functions) and elementKeys.test.ts (both offsets, startOffset.time)',
  'element-object': 'elementObject.test.ts (name, elementType, appId, version, getFile)',
  'jaap-element': 'elementKeys.test.ts (afterAppInit, config.json, protect)',
  'jaap-deployment': 'jaapDeployment.test.ts (parents found at <env>/<orgId>/<appName>/<version>, backend/config.json)',
  'task-types': '../tasks/taskTypeMethods.test.ts (handle, getFunc and afterReturn overrides, template attributes, temporary tasks)',
};
/** Apps run below. */
const RUN_HERE = ['im-robots', 'model-events', 'scheduled-tasks'];

const MINUTE = 60_000;
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-corpus-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every app of the corpus is run, here or in another test', () => {
  expect(corpus).toEqual([...Object.keys(RUN_ELSEWHERE), ...RUN_HERE].sort());
});

test.each(corpus)('%s: jittask check reports no problem', (name) => {
  expect(checkApp(path.join(corpusDir, name), {})).toEqual([]);
});

describe("scheduled-tasks: the Scheduled Tasks page's templates run on their own, daily at 09:00", () => {
  let clock: ManualClock;
  let opened: OpenTaskApp;
  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2024-01-01T00:30:00Z')); // 08:30 in Shanghai
    opened = await openTaskApp(fixtureDir('jitai', 'scheduled-tasks'), clock, dataDir);
  });
  afterEach(async () => {
    await opened.close();
  });

  /** The start times of `fullName`'s tasks in `status`, in order. */
  const startTimes = async (fullName: string, status: string): Promise<string[]> =>
    (await opened.svc.listTasks({ fullName, status })).map((t) => t.startTime).sort();

  test('Inner and Global templates run at 09:00; skipHoliday 1 passes the holiday, 0 does not', async () => {
    await clock.advance(31 * MINUTE);
    for (const fullName of ['tasks.TestTimeTasks', 'tasks.MyDailyJob', 'tasks.TestTimeTasksNoSkip']) {
      expect(await startTimes(fullName, 'completed')).toEqual(['2024-01-01 09:00:00']);
    }
    // The page's customFunc returns { status, processedCount }; the Global one, the service's result.
    for (const fullName of ['tasks.TestTimeTasks', 'tasks.TestTimeTasksNoSkip']) {
      const [inner] = await opened.svc.listTasks({ fullName, status: 'completed' });
      expect(inner!.result).toEqual({ status: 'success', processedCount: 0 });
    }
    const [global] = await opened.svc.listTasks({ fullName: 'tasks.MyDailyJob', status: 'completed' });
    expect(global!.result).toEqual({ synced: true });
    // settings.holidays has 2024-01-02.
    expect(await startTimes('tasks.TestTimeTasks', 'pending')).toEqual(['2024-01-03 09:00:00']);
    expect(await startTimes('tasks.MyDailyJob', 'pending')).toEqual(['2024-01-03 09:00:00']);
    expect(await startTimes('tasks.TestTimeTasksNoSkip', 'pending')).toEqual(['2024-01-02 09:00:00']);
  });
});

describe("model-events: the seed's afterSave/afterDelete integration, both offset dialects", () => {
  let clock: ManualClock;
  let opened: OpenTaskApp;
  interface Model {
    create(row: object): Promise<Record<string, unknown> & { id: number }>;
    update(id: number, patch: object): Promise<Record<string, unknown>>;
    delete(id: number): Promise<unknown>;
  }
  beforeEach(async () => {
    notified.length = 0;
    followUps.length = 0;
    clock = new ManualClock(Date.parse('2025-03-03T07:00:00Z')); // 08:00 in Berlin
    opened = await openTaskApp(fixtureDir('jitai', 'model-events'), clock, dataDir);
  });
  afterEach(async () => {
    await opened.close();
  });

  /** Every pending task as [template, row, start time], sorted. */
  const pending = async (): Promise<Array<[string, string | null, string]>> =>
    (await opened.svc.listTasks({ status: 'pending' }))
      .map((t): [string, string | null, string] => [t.fullName, t.rowId, t.startTime])
      .sort();

  test('hooks that call TaskSvc by hand (instead of super, or after it) keep one task per template and row', async () => {
    const meetings = opened.app.getElement<Model>('models.MeetingModel');
    const tasks = opened.app.getElement<Model>('models.TaskModel');
    const meeting = await meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00' });
    const todo = await tasks.create({ title: 'Report', deadline: '2025-03-03 09:00:00' });
    const m = String(meeting.id);
    const t = String(todo.id);
    expect(await pending()).toEqual([
      ['tasks.MeetingEarlyReminder', m, '2025-03-03 09:00:00'], // the older dialect: offsetType 1, offset -1 hours
      ['tasks.MeetingReminder', m, '2025-03-03 09:45:00'], // the current one: offsetType -1, offset 15 minute
      ['tasks.TaskFollowUp', t, '2025-03-03 09:30:00'], // the older dialect: offset 30 minutes after
    ]);

    // Saved again unchanged, then moved: still one task each, at the new times.
    await meetings.update(meeting.id, { title: 'Planning' });
    await tasks.update(todo.id, { deadline: '2025-03-03 09:10:00' });
    await meetings.update(meeting.id, { startTime: '2025-03-03 11:00:00' });
    expect(await pending()).toEqual([
      ['tasks.MeetingEarlyReminder', m, '2025-03-03 10:00:00'],
      ['tasks.MeetingReminder', m, '2025-03-03 10:45:00'],
      ['tasks.TaskFollowUp', t, '2025-03-03 09:40:00'],
    ]);

    // The Inner function gets (rowData, ctx), the Global one { rowData } by name.
    await clock.advance(2 * 60 * MINUTE); // to 10:00
    expect(followUps).toEqual([
      {
        rowData: expect.objectContaining({ id: todo.id, deadline: '2025-03-03 09:10:00' }),
        ctx: expect.objectContaining({ fullName: 'tasks.TaskFollowUp', scheduledTime: '2025-03-03 09:40:00' }),
      },
    ]);
    expect(notified).toEqual([
      { template: 'tasks.MeetingEarlyReminder', rowData: expect.objectContaining({ id: meeting.id, startTime: '2025-03-03 11:00:00' }) },
    ]);

    // Deleted: the hooks' deleteDateFieldTask removes what is left.
    await meetings.delete(meeting.id);
    await tasks.delete(todo.id);
    expect(await pending()).toEqual([]);
  });
});

describe("im-robots: a family of the app's own, its Meta as the extension guide writes it", () => {
  beforeEach(() => {
    clients.length = 0;
  });

  test('the Instance (afterAppInit) starts its client with its config.json when the app loads, and stops it on close', async () => {
    const clock = new ManualClock(Date.parse('2025-03-03T07:00:00Z'));
    const opened = await openTaskApp(fixtureDir('jitai', 'im-robots'), clock, dataDir);
    try {
      // "type": "" is no type: a Meta.
      expect(opened.app.recordOf('imRobots.Meta').kind).toBe('Meta');
      expect(opened.app.recordOf('imRobots.dingTalkDemo').typeChain).toEqual(['imRobots.dingTalkStreamType', 'imRobots.Meta']);
      expect(clients).toEqual([
        {
          robot: 'imRobots.dingTalkDemo',
          agent: '<agent fullName>',
          clientId: '<clientId>',
          clientSecret: '<clientSecret>',
          running: true,
        },
      ]);
      expect(opened.app.getElement<{ client: unknown }>('imRobots.dingTalkDemo').client).toBe(clients[0]);
    } finally {
      await opened.close();
    }
    expect(clients[0]!.running).toBe(false);
  });
});
