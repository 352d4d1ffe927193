import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, loadApp, ManualClock, type App, type ModelElement } from 'jittask';
import { newTaskId } from '../../src/tasks/newTaskId';
import type { NewTask } from '../../src/tasks/TaskRecord';
import { fixtureDir } from '../fixtures/fixtureDir';
import type { TaskSvc } from '../fixtures/task-harness/openTaskApp';
import { onPostgres } from '../models/onPostgres';
import { describePg } from '../support/pg';
import { engineOf, taskStoreOf } from '../fixtures/task-harness/taskWing';

/** 08:00 in Berlin, the zone of the grouped-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const DUE = '2030-01-01 09:00:00';

interface Opened {
  app: App;
  svc: TaskSvc;
  orders: ModelElement;
  /**
   * The number of tasks in each write of the task store, in order. Every `TaskStore.insert` call is
   * one transaction, so its length is the number of transactions the creates took.
   */
  writes: number[];
}

/** The grouped-app fixture on SQLite, or moved to PostgreSQL. */
function groupedInsertTests(load: () => Promise<App>): void {
  let opened: Opened;

  beforeEach(async () => {
    const app = await load();
    const svc = app.getElement<TaskSvc>('services.TaskSvc');
    const store = taskStoreOf(app);
    const writes: number[] = [];
    const insert = store.insert.bind(store);
    jest.spyOn(store, 'insert').mockImplementation((tasks) => {
      writes.push(tasks.length);
      return insert(tasks);
    });
    opened = { app, svc, orders: app.getElement<ModelElement>('models.Order'), writes };
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await opened.app.close();
  });

  const create = (n: number) => opened.svc.createTimerTask('tasks.Reminder', DUE, 'customFunc', 'tasks.NormalType', { n });
  const stored = async () => (await opened.svc.listTasks({ fullName: 'tasks.Reminder', limit: 1000 })).map((t) => t.argDict);

  test('200 createTimerTask calls made at once commit in a few transactions, each task written once and answered to its caller', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => create(n)));

    expect(answers.map((a) => a.argDict)).toEqual(Array.from({ length: 200 }, (_, n) => ({ n })));
    expect(new Set(answers.map((a) => a.taskId)).size).toBe(200);
    expect(opened.writes.length).toBeLessThanOrEqual(2);
    expect(opened.writes.reduce((a, b) => a + b, 0)).toBe(200);
    const rows = await stored();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.n)).size).toBe(200);
  });

  test('a batch the database refuses fails alone, with its own error, and writes none of its tasks; the calls grouped with it are written', async () => {
    const existing = await create(-1);
    opened.writes.length = 0;
    const task = (argDict: NewTask['argDict'], taskId = newTaskId()): NewTask => ({
      taskId,
      fullName: 'tasks.Reminder',
      taskType: 'tasks.NormalType',
      funcName: 'customFunc',
      argDict,
      dueAt: Date.parse('2030-01-01T08:00:00Z'),
      origin: 'manual',
      attempt: 1,
      createdAt: START,
    });
    // A fresh task, then one whose id is taken: the second breaks the batch's transaction.
    const refused = engineOf(opened.app).insert([task({ n: 'fresh' }), task({ n: 'duplicate' }, existing.taskId)]);
    const others = Array.from({ length: 10 }, (_, n) => create(n));

    const error = await refused.then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JitError);
    expect((error as JitError).code).toBe('DATABASE_ERROR');
    expect((await Promise.all(others)).map((a) => a.argDict)).toEqual(Array.from({ length: 10 }, (_, n) => ({ n })));
    // First all twelve tasks in one transaction; after its failure each caller on its own.
    expect(opened.writes[0]).toBe(12);
    expect((await stored()).map((r) => r.n).sort()).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("a task created in a model hook joins the row's transaction and rolls back with it, while creates made meanwhile outside commit", async () => {
    const outside = Array.from({ length: 5 }, (_, n) => create(n));
    const doomed = opened.orders.create({ title: 'doomed', status: 'doomed' });
    const kept = opened.orders.create({ title: 'kept', status: 'ok' });

    await expect(doomed).rejects.toThrow('order doomed is doomed');
    await kept;
    await Promise.all(outside);
    const rows = await stored();
    expect(rows.filter((r) => 'order' in r)).toEqual([{ order: 'kept' }]);
    expect(rows.filter((r) => 'n' in r)).toHaveLength(5);
    expect((await opened.orders.query({})).rowDatas.map((o) => o.title)).toEqual(['kept']);
  });
}

describe('grouped inserts on SQLite', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-grouped-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  let run = 0;
  groupedInsertTests(() =>
    loadApp(fixtureDir('grouped-app'), { clock: new ManualClock(START), dataDir: path.join(dataDir, String(run++)) }),
  );
});

describePg('grouped inserts on PostgreSQL', ({ create }) => {
  groupedInsertTests(async () =>
    loadApp(onPostgres(fixtureDir('grouped-app')), {
      clock: new ManualClock(START),
      env: { ...process.env, DATABASE_URL: await create() },
    }),
  );
});
