import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, ManualClock, type TaskRecordView } from 'jittask';
import { notifications } from '../fixtures/jitai/task-types/elements/tasks/AuditedType';
import { handled } from '../fixtures/jitai/task-types/elements/tasks/FailingHandle';
import { checked } from '../fixtures/jitai/task-types/elements/services/OrderSvc';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

// JitAi "Scheduled Tasks" reference, Methods (handle, afterReturn, getFunc) and Attributes (config,
// customFunc, taskType, TaskModel, TaskHistoryModel), and the draft "Temporary Tasks" page
// (createTemporaryTask): test/fixtures/jitai/task-types ports their examples.

const START = Date.parse('2024-01-01T09:00:30Z');
const MINUTE = 60_000;
let dataDir: string;
let clock: ManualClock;
let opened: OpenTaskApp;

beforeEach(async () => {
  notifications.length = 0;
  checked.length = 0;
  handled.count = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-types-'));
  clock = new ManualClock(START);
  opened = await openTaskApp(fixtureDir('jitai', 'task-types'), clock, dataDir);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Lets the scheduler work (on the manual clock) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await done()) return;
    await clock.advance(0);
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('gave up waiting');
}

const ended = (fullName: string): number => opened.events.filter((e) => e.kind === 'ended' && e.fullName === fullName).length;
const tasks = (fullName: string): Promise<TaskRecordView[]> => opened.svc.listTasks({ fullName });

test("a Type's afterReturn override runs after each run, with the task in its final state, and super keeps the series", async () => {
  await clock.advance(MINUTE);
  await until(() => notifications.length >= 1);
  const [task] = notifications;
  expect(task).toMatchObject({ fullName: 'tasks.AuditedJob', status: 'completed', result: { status: 'success' } });
  expect(task!.endedAt).not.toBeNull();
  // The end was written before afterReturn: the record reads the same, and the next occurrence exists.
  expect(await opened.svc.getTask(task!.taskId)).toMatchObject({ status: 'completed' });
  expect((await tasks('tasks.AuditedJob')).filter((t) => t.status === 'pending')).toHaveLength(1);
  await clock.advance(MINUTE);
  await until(() => notifications.length >= 2);
});

test('an afterReturn that throws, or never settles, without super: logged, and the series and the slot go on', async () => {
  const logged = jest.spyOn(opened.app.logger, 'error').mockImplementation(() => {});
  for (let minute = 1; minute <= 3; minute++) {
    await clock.advance(MINUTE);
    await until(() => ended('tasks.ThrowingAfterReturn') >= minute && ended('tasks.HangingAfterReturn') >= minute);
  }
  for (const fullName of ['tasks.ThrowingAfterReturn', 'tasks.HangingAfterReturn']) {
    const all = await tasks(fullName);
    expect(all.filter((t) => t.status === 'completed')).toHaveLength(3);
    expect(all.filter((t) => t.status === 'pending')).toHaveLength(1);
  }
  expect(opened.svc.service.runningCount).toBe(0);
  expect(
    logged.mock.calls.some(
      (c) => String(c[0]).startsWith('afterReturn of') && (c[1] as { template?: string }).template === 'tasks.ThrowingAfterReturn',
    ),
  ).toBe(true);
});

test("a template module's handle override replaces the function call: its return is the result", async () => {
  await clock.advance(MINUTE);
  await until(() => ended('tasks.CustomTask') >= 1);
  const [done] = (await tasks('tasks.CustomTask')).filter((t) => t.status === 'completed');
  expect(done!.result).toEqual({ processed: 3 });
});

test('a handle that throws (without super) is the run error; getFunc overridden; the series goes on', async () => {
  await clock.advance(MINUTE);
  await until(() => ended('tasks.FailingHandle') >= 1);
  await clock.advance(MINUTE);
  await until(() => ended('tasks.FailingHandle') >= 2);
  const all = await tasks('tasks.FailingHandle');
  expect(all.find((t) => t.status === 'error')!.error!.message).toBe('handle failed on run 1');
  expect(all.find((t) => t.status === 'completed')!.result).toEqual({ wrapped: 'Checked' });
  expect(all.filter((t) => t.status === 'pending')).toHaveLength(1);
  expect(checked).toEqual([{ orderId: 'ORD_1', reason: 'unknown' }]);
});

test('template attributes: config (definition over config keys), customFunc, taskType, TaskModel and TaskHistoryModel', async () => {
  interface Template {
    config: Record<string, unknown>;
    customFunc: unknown;
    taskType: string;
    TaskModel: {
      query(a?: unknown): Promise<{ rowDatas: TaskRecordView[]; totalCount: number }>;
      get(f?: unknown): Promise<TaskRecordView | null>;
      count(f?: unknown): Promise<number>;
    };
    TaskHistoryModel: { query(a?: unknown): Promise<{ rowDatas: Array<{ event: string }>; totalCount: number }> };
  }
  const job = opened.app.getElement<Template>('tasks.AuditedJob');
  expect(job.config).toMatchObject({
    channel: 'ops',
    funcType: 'Inner',
    title: 'Audited job',
    timerCfg: { repeat: { repeatType: 'minute' } },
  });
  expect(job.taskType).toBe('tasks.AuditedType');
  expect(typeof job.customFunc).toBe('function');
  await clock.advance(MINUTE);
  await until(() => ended('tasks.AuditedJob') >= 1);
  const page = await job.TaskModel.query({ filter: { status: 'completed' }, page: 1, size: 10 });
  expect(page.totalCount).toBe(1);
  expect(page.rowDatas[0]).toMatchObject({ fullName: 'tasks.AuditedJob', status: 'completed' });
  expect(await job.TaskModel.count()).toBe(2);
  expect(await job.TaskModel.get({ status: 'pending' })).toMatchObject({ status: 'pending' });
  const history = await job.TaskHistoryModel.query({ filter: { taskId: page.rowDatas[0]!.taskId } });
  expect(history.rowDatas.map((h) => h.event)).toEqual(expect.arrayContaining(['started']));
  await expect(job.TaskModel.query({ filter: { nope: 1 } })).rejects.toMatchObject({ code: 'API_PARAMS_ERROR' });
  // Read-only: the model offers no writes.
  expect((job.TaskModel as unknown as Record<string, unknown>).create).toBeUndefined();
});

describe('createTemporaryTask', () => {
  interface Svc {
    createTemporaryTask(func: unknown, argDict?: unknown, startTime?: unknown): Promise<string>;
  }
  const svc = (): Svc => opened.svc as unknown as Svc;

  test("the draft page's order check: a one-off task of tasks.TemporaryType that runs once at startTime", async () => {
    const taskId = await svc().createTemporaryTask(
      'services.OrderSvc.checkAndCancel',
      { orderId: 'ORD_123456', reason: 'timeout' },
      '2024-01-01 09:30:00',
    );
    expect(await opened.svc.getTask(taskId)).toMatchObject({
      fullName: 'tasks.TemporaryType',
      taskType: 'tasks.TemporaryType',
      status: 'pending',
      startTime: '2024-01-01 09:30:00',
    });
    await clock.advance(30 * MINUTE);
    await until(async () => (await opened.svc.getTask(taskId)).status === 'completed');
    expect(checked.filter((c) => c.orderId === 'ORD_123456')).toEqual([{ orderId: 'ORD_123456', reason: 'timeout' }]);
    expect((await opened.svc.getTask(taskId)).result).toBe('Checked');
    expect(await tasks('tasks.TemporaryType')).toHaveLength(1); // one-off: nothing follows it
  });

  test('without startTime it is due now; without argDict it gets {}', async () => {
    const taskId = await svc().createTemporaryTask('services.OrderSvc.checkAndCancel');
    expect(await opened.svc.getTask(taskId)).toMatchObject({ argDict: {}, startTime: '2024-01-01 09:00:30' });
  });

  test('bad arguments are refused with a coded error naming them, and nothing is written', async () => {
    const refusal = async (args: unknown[]): Promise<JitError> => {
      try {
        await (svc().createTemporaryTask as (...a: unknown[]) => Promise<string>)(...args);
      } catch (err) {
        return err as JitError;
      }
      throw new Error('not refused');
    };
    expect(await refusal(['services.OrderSvc.nope'])).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
    expect(await refusal(['services.Nope.fn'])).toMatchObject({ code: 'ELEMENT_NOT_FOUND' });
    expect(await refusal(['customFunc'])).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'func' } });
    expect(await refusal(['services.OrderSvc.checkAndCancel', [1, 2]])).toMatchObject({ code: 'API_PARAMS_ERROR' });
    expect(await refusal(['services.OrderSvc.checkAndCancel', { orderId: 'x', extra: 1 }])).toMatchObject({ code: 'API_PARAMS_ERROR' });
    expect(await refusal(['services.OrderSvc.checkAndCancel', {}, 'not a time'])).toMatchObject({ code: 'API_PARAMS_ERROR' });
    expect(await tasks('tasks.TemporaryType')).toEqual([]);
  });

  test("joins the caller's transaction: a rollback leaves no task, a commit keeps it", async () => {
    const orders = opened.app.getElement<{ createOrder(fail?: boolean): Promise<string> }>('services.OrderSvc');
    await expect(orders.createOrder(true)).rejects.toThrow('order creation failed');
    expect(await tasks('tasks.TemporaryType')).toEqual([]);
    const taskId = await orders.createOrder(false);
    expect((await tasks('tasks.TemporaryType')).map((t) => t.taskId)).toEqual([taskId]);
  });
});
