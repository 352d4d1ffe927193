import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { seen } from '../fixtures/task-app/elements/tasks/Inner';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');

// An hourly series whose runs take ten minutes and ignore their signal, beside task-app's templates.
const appDir = writeTemplateApp(
  {
    SlowHourly: {
      title: 'Slow hourly',
      func: 'services.Greeter.late',
      argDict: { ms: 600_000 },
      timerCfg: { startTime: '2025-01-01 00:00:00', repeat: { repeatType: 'hour', period: 1 } },
    },
  },
  { scheduler: { pollInterval: 60, leaseSeconds: 300, shutdownGraceSeconds: 5 } },
); // one process: a slow poll loses nothing

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;

beforeEach(async () => {
  calls.length = 0;
  seen.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  clock = new ManualClock(START);
  opened = await openTaskApp(appDir, clock, dataDir);
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterAll(() => fs.rmSync(appDir, { recursive: true, force: true }));

/** The pending occurrence of the slow series. */
async function pendingOccurrence() {
  const [pending, ...more] = await opened.svc.listTasks({ fullName: 'tasks.SlowHourly', status: 'pending' });
  expect(more).toEqual([]);
  return pending!;
}

describe('forcedEnd', () => {
  test('a pending task never runs', async () => {
    const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:05', 'customFunc', 'tasks.NormalType');
    expect(await opened.svc.forcedEnd(task.taskId)).toEqual({ taskId: task.taskId, status: 'forcedEnd', previousStatus: 'pending' });
    await clock.advance(60_000);
    expect(seen).toEqual([]);
    const ended = await opened.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'forcedEnd', startedAt: null, endedAt: '2025-03-01 08:00:00', result: null });
    expect(ended.history?.map((h) => h.event)).toEqual(['forcedEnd']);
  });

  test('a running task is forcedEnd at once, its signal fires, and what it returns later is discarded', async () => {
    const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.late', 'tasks.NormalType', {
      ms: 60_000,
    });
    await clock.advance(1000);
    expect((await opened.svc.getTask(task.taskId)).status).toBe('running');
    const signal = calls[0]!.signal!;

    expect(await opened.svc.forcedEnd(task.taskId)).toEqual({ taskId: task.taskId, status: 'forcedEnd', previousStatus: 'running' });
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('forcedEnd');
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'forcedEnd', endedAt: '2025-03-01 08:00:01' });

    await clock.advance(120_000); // the function returns 'late result' after 60 s
    const ended = await opened.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'forcedEnd', result: null, error: null, endedAt: '2025-03-01 08:00:01' });
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'forcedEnd']);
    expect(opened.events.filter((e) => e.kind === 'ended' && e.taskId === task.taskId)).toEqual([]);
  });

  test('a running occurrence of a series: the series continues with the next occurrence (nextTaskId)', async () => {
    const nine = await pendingOccurrence();
    expect(nine.startTime).toBe('2025-03-01 09:00:00');
    await clock.advance(3600_000 + 1000);
    expect((await opened.svc.getTask(nine.taskId)).status).toBe('running');

    const answer = await opened.svc.forcedEnd(nine.taskId);
    const ten = await pendingOccurrence();
    expect(answer).toEqual({ taskId: nine.taskId, status: 'forcedEnd', previousStatus: 'running', nextTaskId: ten.taskId });
    expect(ten.startTime).toBe('2025-03-01 10:00:00');

    // The 09:00 run returns at 09:10 (discarded); the 10:00 occurrence runs on time.
    await clock.advance(3600_000);
    expect((await opened.svc.getTask(nine.taskId)).result).toBeNull();
    expect(await opened.svc.getTask(ten.taskId)).toMatchObject({ status: 'running', startedAt: '2025-03-01 10:00:00' });
    expect(calls.filter((c) => c.fn === 'late').map((c) => c.taskId)).toEqual([nine.taskId, ten.taskId]);
  });

  test('a pending occurrence of a series never runs; the one after it does', async () => {
    const nine = await pendingOccurrence();
    const answer = await opened.svc.forcedEnd(nine.taskId);
    const ten = await pendingOccurrence();
    expect(answer).toEqual({ taskId: nine.taskId, status: 'forcedEnd', previousStatus: 'pending', nextTaskId: ten.taskId });
    expect(ten.startTime).toBe('2025-03-01 10:00:00');
    await clock.advance(2 * 3600_000);
    expect(calls.filter((c) => c.fn === 'late').map((c) => c.taskId)).toEqual([ten.taskId]);
  });

  test('a task waiting for its retry never gets it', async () => {
    const task = await opened.svc.createTimerTask('tasks.Retrying', '2025-03-01 08:00:01', 'flaky', 'tasks.NormalType');
    await clock.advance(1000);
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'pending', attempt: 2 });
    expect(await opened.svc.forcedEnd(task.taskId)).toEqual({ taskId: task.taskId, status: 'forcedEnd', previousStatus: 'pending' });
    await clock.advance(60_000);
    const ended = await opened.svc.getTask(task.taskId);
    expect(ended.history?.map((h) => [h.event, h.attempt])).toEqual([
      ['started', 1],
      ['error', 1],
      ['forcedEnd', 2],
    ]);
  });

  describe('an already forcedEnd task gives the same answer again', () => {
    test.each([
      ['that was pending', 0],
      ['that was running', 3600_000 + 1000],
    ])('an occurrence %s, also after a restart', async (_, wait) => {
      const nine = await pendingOccurrence();
      await clock.advance(wait);
      const first = await opened.svc.forcedEnd(nine.taskId);
      expect(first.nextTaskId).toEqual(expect.any(String));
      // Let the next occurrence run and its successor be written: the answer stays the same.
      await clock.advance(2 * 3600_000);
      expect(await opened.svc.forcedEnd(nine.taskId)).toEqual(first);
      await opened.close();
      opened = await openTaskApp(appDir, clock, dataDir);
      expect(await opened.svc.forcedEnd(nine.taskId)).toEqual(first);
    });

    test('a manual task', async () => {
      const task = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.late', 'tasks.NormalType', {
        ms: 60_000,
      });
      await clock.advance(1000);
      const first = await opened.svc.forcedEnd(task.taskId);
      expect(await opened.svc.forcedEnd(task.taskId)).toEqual(first);
      expect(first).toEqual({ taskId: task.taskId, status: 'forcedEnd', previousStatus: 'running' });
      expect((await opened.svc.getTask(task.taskId)).history?.map((h) => h.event)).toEqual(['started', 'forcedEnd']);
    });
  });

  test.each([
    ['completed', 'customFunc', {}],
    ['error', 'services.Greeter.fail', {}],
    ['timeout', 'services.Greeter.wait', { ms: 600_000 }],
  ])('a task that ended as %s is TASK_ALREADY_FINISHED and stays as it was', async (status, funcName, argDict) => {
    const fullName = status === 'timeout' ? 'tasks.Timed' : 'tasks.Inner';
    const task = await opened.svc.createTimerTask(fullName, '2025-03-01 08:00:01', funcName, 'tasks.NormalType', argDict);
    await clock.advance(5000);
    const before = await opened.svc.getTask(task.taskId);
    expect(before.status).toBe(status);
    await expect(opened.svc.forcedEnd(task.taskId)).rejects.toMatchObject({ code: 'TASK_ALREADY_FINISHED' });
    expect(await opened.svc.getTask(task.taskId)).toEqual(before);
  });

  test('an unknown task is TASK_NOT_FOUND', async () => {
    await expect(opened.svc.forcedEnd('no-such-task')).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
