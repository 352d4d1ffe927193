import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentTask, ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { attempts } from '../fixtures/task-app/elements/tasks/Retrying';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';
import { taskStoreOf } from '../fixtures/task-harness/taskWing';
import { captureLog } from '../support/captureLog';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;

beforeEach(async () => {
  calls.length = 0;
  attempts.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  clock = new ManualClock(START);
  opened = await openTaskApp(fixtureDir('task-app'), clock, dataDir);
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a Global function is called through its service with argDict as named arguments; what it returns is the result', async () => {
  const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.hello', 'tasks.NormalType', {
    name: 'Ann',
  });
  await clock.advance(1000);
  expect(calls).toEqual([{ fn: 'hello', args: ['Ann'], taskId: task.taskId, signal: expect.any(AbortSignal) }]);
  expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', result: 'hello Ann', error: null });
  expect(opened.events.filter((e) => e.taskId === task.taskId)).toEqual([
    { kind: 'started', taskId: task.taskId, fullName: 'tasks.Inner', dueAt: START + 1000, attempt: 1, ms: 0 },
    {
      kind: 'ended',
      taskId: task.taskId,
      fullName: 'tasks.Inner',
      dueAt: START + 1000,
      attempt: 1,
      ms: 0,
      status: 'completed',
      message: undefined,
    },
  ]);
});

test("a Global function's arguments are validated like any call, when the task is created (test/tasks/refusals.test.ts)", async () => {
  const task = opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.hello', 'tasks.NormalType', {
    name: 'Ann',
    age: 3,
  });
  await expect(task).rejects.toMatchObject({ code: 'API_PARAMS_ERROR', message: expect.stringMatching(/undeclared argument 'age'/) });
  expect(calls).toEqual([]);
});

test('a function that throws ends its task as error, with message and stack stored', async () => {
  const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.fail', 'tasks.NormalType', {
    message: 'disk full',
  });
  await clock.advance(1000);
  const ended = await opened.svc.getTask(task.taskId);
  expect(ended).toMatchObject({ status: 'error', result: null, endedAt: '2025-03-01 08:00:01', error: { message: 'disk full' } });
  expect(ended.error?.stack).toMatch(/^Error: disk full\n\s+at .*fail/);
  expect(ended.history?.map((h) => [h.event, h.message])).toEqual([
    ['started', null],
    ['error', 'disk full'],
  ]);
  expect(opened.events.at(-1)).toMatchObject({ kind: 'ended', taskId: task.taskId, status: 'error', message: 'disk full' });
});

test.each([
  ['nothing (undefined)', 'nothing', 'completed', null],
  ['a Date inside an object (stored as JSON)', 'date', 'completed', { at: '2025-03-01T07:00:00.000Z' }],
  ['a BigInt (not JSON)', 'bigint', 'error', null],
  ['a function (not JSON)', 'function', 'error', null],
])('a function returning %s', async (_, kind, status, result) => {
  const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'returning', 'tasks.NormalType', { kind });
  await clock.advance(1000);
  expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status, result });
});

test('a task that runs past its template timeout (2 s) ends as timeout and its signal fires', async () => {
  const task = await opened.svc.createTimerTask('tasks.Timed', '2025-03-01 08:00:01', 'services.Greeter.wait', 'tasks.NormalType', {
    ms: 600_000,
  });
  await clock.advance(1000);
  expect((await opened.svc.getTask(task.taskId)).status).toBe('running');
  const signal = calls[0]!.signal!;
  await clock.advance(1999);
  expect((await opened.svc.getTask(task.taskId)).status).toBe('running');
  expect(signal.aborted).toBe(false);
  await clock.advance(1);
  expect(signal.aborted).toBe(true);
  expect((signal.reason as Error).message).toBe('timeout');
  const ended = await opened.svc.getTask(task.taskId);
  expect(ended).toMatchObject({
    status: 'timeout',
    endedAt: '2025-03-01 08:00:03',
    result: null,
    error: { message: 'timed out after 2 s' },
  });
  expect(ended.history?.map((h) => h.event)).toEqual(['started', 'timeout']);
});

test('a task of a template without timeout times out after the default 12 hours', async () => {
  // A slow poll keeps 12 hours of manual time quick to simulate.
  const dir = writeTemplateApp({}, { scheduler: { pollInterval: 3600, leaseSeconds: 36_000 } });
  const ownClock = new ManualClock(START);
  const slowPoll = await openTaskApp(dir, ownClock, path.join(dir, 'appData'));
  try {
    const task = await slowPoll.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.wait', 'tasks.NormalType', {
      ms: 13 * 3600_000,
    });
    await ownClock.advance(12 * 3600_000);
    expect((await slowPoll.svc.getTask(task.taskId)).status).toBe('running');
    await ownClock.advance(1000);
    expect(await slowPoll.svc.getTask(task.taskId)).toMatchObject({
      status: 'timeout',
      endedAt: '2025-03-01 20:00:01',
      error: { message: 'timed out after 43200 s' },
    });
  } finally {
    await slowPoll.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('when the end of a run cannot be written, the scheduler reports it, goes on, and writes it once the database answers', async () => {
  const store = taskStoreOf(opened.app);
  // Runs end in groups; a failed group is retried run by run: fail both, as a dead disk would.
  const finish = jest
    .spyOn(store, 'finishMany')
    .mockRejectedValueOnce(new Error('disk I/O error'))
    .mockRejectedValueOnce(new Error('disk I/O error'));
  const report = captureLog(opened.app.logger);
  try {
    const lost = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.hello', 'tasks.NormalType', {
      name: 'first',
    });
    const next = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:02', 'services.Greeter.hello', 'tasks.NormalType', {
      name: 'second',
    });
    await clock.advance(1500);
    expect(report.lines).toContainEqual(
      expect.stringMatching(new RegExp(`${lost.taskId}.*failed \\(attempt 1\\); retrying  error=disk I/O error`)),
    );
    // Not lost, not run again: it waits in `running` while the write is retried.
    expect((await opened.svc.getTask(lost.taskId)).status).toBe('running');
    await clock.advance(1000);
    expect(await opened.svc.getTask(next.taskId)).toMatchObject({ status: 'completed', result: 'hello second' });
    expect(await opened.svc.getTask(lost.taskId)).toMatchObject({ status: 'completed', result: 'hello first' });
    expect(calls.filter((c) => c.fn === 'hello' && c.args[0] === 'first')).toHaveLength(1);
  } finally {
    finish.mockRestore();
    report.restore();
  }
});

describe('retries (retry: { maxAttempts: 3, backoffSeconds: 10 })', () => {
  test('a task failing every time gets attempts 1..3, 10 s then 20 s apart, and ends as error', async () => {
    const task = await opened.svc.createTimerTask('tasks.Retrying', '2025-03-01 08:00:01', 'flaky', 'tasks.NormalType');
    await clock.advance(1000);
    // Between attempts the task waits as pending, due at the retry time.
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({
      status: 'pending',
      attempt: 2,
      startTime: '2025-03-01 08:00:11',
      error: null,
    });
    await clock.advance(9999);
    expect(attempts).toHaveLength(1);
    await clock.advance(1);
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'pending', attempt: 3, startTime: '2025-03-01 08:00:31' });
    await clock.advance(20_000);
    expect(attempts).toEqual([1, 2, 3].map((attempt) => ({ taskId: task.taskId, attempt })));

    const ended = await opened.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'error', attempt: 3, endedAt: '2025-03-01 08:00:31', error: { message: 'attempt 3 failed' } });
    expect(ended.history?.map((h) => [h.event, h.attempt, h.at, h.message])).toEqual([
      ['started', 1, '2025-03-01 08:00:01', null],
      ['error', 1, '2025-03-01 08:00:01', 'attempt 1 failed'],
      ['started', 2, '2025-03-01 08:00:11', null],
      ['error', 2, '2025-03-01 08:00:11', 'attempt 2 failed'],
      ['started', 3, '2025-03-01 08:00:31', null],
      ['error', 3, '2025-03-01 08:00:31', 'attempt 3 failed'],
    ]);
    await clock.advance(60_000);
    expect(attempts).toHaveLength(3);
  });

  test('a task that succeeds on its second attempt completes and is not run again', async () => {
    const task = await opened.svc.createTimerTask('tasks.Retrying', '2025-03-01 08:00:01', 'flaky', 'tasks.NormalType', { succeedOn: 2 });
    await clock.advance(60_000);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    const ended = await opened.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'completed', attempt: 2, result: { succeededOn: 2 }, error: null });
    expect(ended.history?.map((h) => [h.event, h.attempt])).toEqual([
      ['started', 1],
      ['error', 1],
      ['started', 2],
      ['completed', 2],
    ]);
  });

  test('without retry in its template a failed task is not run again', async () => {
    const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.fail', 'tasks.NormalType');
    await clock.advance(60_000);
    expect(calls.filter((c) => c.taskId === task.taskId)).toHaveLength(1);
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'error', attempt: 1 });
  });
});

describe('currentTask()', () => {
  test('inside a Global function it gives the running task, also after an await', async () => {
    const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.whoAmI', 'tasks.NormalType');
    await clock.advance(1000);
    expect((await opened.svc.getTask(task.taskId)).result).toEqual({
      taskId: task.taskId,
      fullName: 'tasks.Inner',
      scheduledTime: '2025-03-01 08:00:01',
      attempt: 1,
    });
  });

  test('tasks running at the same time each see their own', async () => {
    const created = await opened.svc.createTimerTasks(
      [1, 2, 3].map(() => ({
        fullName: 'tasks.Inner',
        startTime: '2025-03-01 08:00:01',
        funcName: 'services.Greeter.wait',
        taskType: 'tasks.NormalType',
        argDict: { ms: 5000 },
      })),
    );
    await clock.advance(1000);
    expect(calls.map((c) => c.taskId).sort()).toEqual(created.map((c) => c.taskId).sort());
  });

  test('outside a task it is undefined, also in a service function called directly', async () => {
    expect(currentTask()).toBeUndefined();
    const greeter = opened.app.getElement<{ whoAmI(): Promise<unknown>; hello(name: string): Promise<string> }>('services.Greeter');
    expect(await greeter.whoAmI()).toBeNull();
    await greeter.hello('direct');
    expect(calls).toEqual([{ fn: 'hello', args: ['direct'], taskId: undefined, signal: undefined }]);
  });
});
