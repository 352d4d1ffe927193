import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, loadApp, ManualClock, type App, type TaskRecordView } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp } from '../fixtures/task-harness/openTaskApp';

// JitAi "Scheduled Tasks" reference, Methods → getNextRunTime
// (docs/reference/framework/JitTask/scheduled-tasks.md of jitai-team/jitai-docs,
// https://jit.pro/docs/reference/framework/JitTask/scheduled-tasks): the template element offers
// getNextRunTime(task, now?) — `task` the task data object (the page's example passes
// { element, startTime }), `now` the current time "used for testing" — and returns the next
// execution time, None when there is none. jittask returns it as `YYYY-MM-DD HH:mm:ss`, or null.

/** A template element as the page calls it; the `after?` form of jittask is the same method. */
interface TimerTemplate {
  getNextRunTime(taskOrAfter?: unknown, now?: unknown): string | null;
}

const scheduledTasks = fixtureDir('jitai', 'scheduled-tasks'); // Asia/Shanghai, holiday 2024-01-02
let dataDir: string;
let app: App | undefined;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-next-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The page's element, tasks.TestTimeTasks (daily at 09:00 in 2024, skipHoliday 1), at `now`. */
async function testTimeTasks(now: string): Promise<TimerTemplate> {
  app = await loadApp(scheduledTasks, { dataDir, clock: new ManualClock(Date.parse(now)) });
  return app.getElement<TimerTemplate>('tasks.TestTimeTasks');
}

test("the page's example: getNextRunTime(task_data) is the run after that task (past the holiday)", async () => {
  const element = await testTimeTasks('2024-01-01T00:30:00Z'); // 08:30 in Shanghai
  const taskData = { element: 'tasks.TestTimeTasks', startTime: '2024-01-01 09:00:00' };
  expect(element.getNextRunTime(taskData)).toBe('2024-01-03 09:00:00');
});

test('with now: runs missed before now are not offered, as the scheduler does not replay them', async () => {
  const element = await testTimeTasks('2024-01-01T00:30:00Z');
  const taskData = { element: 'tasks.TestTimeTasks', startTime: '2024-01-01 09:00:00' };
  expect(element.getNextRunTime(taskData, '2024-01-05 12:00:00')).toBe('2024-01-06 09:00:00');
  // Without now, the clock's now: the same task asked about a week later.
  const later = await testTimeTasks('2024-01-08T04:00:00Z'); // 12:00 in Shanghai
  expect(later.getNextRunTime(taskData)).toBe('2024-01-09 09:00:00');
});

test('after the last run of the series there is none: null (JitAi: None)', async () => {
  const element = await testTimeTasks('2024-12-31T00:30:00Z');
  expect(element.getNextRunTime({ element: 'tasks.TestTimeTasks', startTime: '2024-12-31 09:00:00' })).toBeNull();
});

test("the task as jittask gives it (TaskSvc's record, currentTask()) works like JitAi's RowData", async () => {
  const clock = new ManualClock(Date.parse('2024-01-01T00:30:00Z'));
  const opened = await openTaskApp(scheduledTasks, clock, dataDir);
  try {
    const [pending] = (await opened.svc.listTasks({ fullName: 'tasks.TestTimeTasks', status: 'pending' })) as TaskRecordView[];
    expect(pending!.startTime).toBe('2024-01-01 09:00:00');
    const element = opened.app.getElement<TimerTemplate>('tasks.TestTimeTasks');
    expect(element.getNextRunTime(pending)).toBe('2024-01-03 09:00:00');
    // currentTask()'s context names the due time scheduledTime.
    expect(
      element.getNextRunTime({
        taskId: pending!.taskId,
        fullName: 'tasks.TestTimeTasks',
        scheduledTime: '2024-01-03 09:00:00',
        attempt: 1,
      }),
    ).toBe('2024-01-04 09:00:00');
  } finally {
    await opened.close();
  }
});

test('a task of another template, or one without a start time, is an API_PARAMS_ERROR, not a guess', async () => {
  const element = await testTimeTasks('2024-01-01T00:30:00Z');
  const refusal = (task: unknown): unknown => {
    try {
      element.getNextRunTime(task);
    } catch (err) {
      return err instanceof JitError ? { code: err.code, message: err.message } : err;
    }
    return 'no error';
  };
  expect(refusal({ element: 'tasks.MyDailyJob', startTime: '2024-01-01 09:00:00' })).toEqual({
    code: 'API_PARAMS_ERROR',
    message: expect.stringContaining("'tasks.MyDailyJob'"),
  });
  expect(refusal({ element: 'tasks.TestTimeTasks' })).toEqual({ code: 'API_PARAMS_ERROR', message: expect.stringContaining('startTime') });
  expect(refusal({ element: 'tasks.TestTimeTasks', startTime: 'tomorrow' })).toEqual({
    code: 'API_PARAMS_ERROR',
    message: expect.stringContaining('"tomorrow"'),
  });
});

test('the after? form is unchanged: a time, or nothing for now', async () => {
  const element = await testTimeTasks('2024-01-01T00:30:00Z');
  expect(element.getNextRunTime('2024-01-01 09:00:00')).toBe('2024-01-03 09:00:00');
  expect(element.getNextRunTime(new Date('2024-01-03T01:00:00Z'))).toBe('2024-01-04 09:00:00');
  expect(element.getNextRunTime()).toBe('2024-01-01 09:00:00');
});
