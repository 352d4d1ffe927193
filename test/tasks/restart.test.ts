import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { seen } from '../fixtures/task-app/elements/tasks/Inner';
import { attempts } from '../fixtures/task-app/elements/tasks/Retrying';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { taskStoreOf } from '../fixtures/task-harness/taskWing';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const MINUTE = 60_000;
const appDir = fixtureDir('task-app');

let dataDir: string;
let opened: OpenTaskApp | undefined;

beforeEach(() => {
  calls.length = 0;
  seen.length = 0;
  attempts.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the app on the task database of this test, as a process starting at `at` would. */
async function startAt(at: number): Promise<{ clock: ManualClock; app: OpenTaskApp }> {
  const clock = new ManualClock(at);
  opened = await openTaskApp(appDir, clock, dataDir);
  return { clock, app: opened };
}

/** How many times each task ran `customFunc`. */
function runsByTask(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of seen) counts[s.taskId] = (counts[s.taskId] ?? 0) + 1;
  return counts;
}

test('pending tasks survive a restart and each runs once, the missed one at once', async () => {
  const first = await startAt(START);
  const missed = await first.app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:30', 'customFunc', 'tasks.NormalType', {
    n: 'missed',
  });
  const later = await first.app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:30:00', 'customFunc', 'tasks.NormalType', { n: 'later' });
  const [daily] = await first.app.svc.listTasks({ fullName: 'tasks.Daily', status: 'pending' });
  await first.app.close();
  expect(first.clock.pendingTimers).toBe(0);
  expect(fs.existsSync(path.join(dataDir, 'databases', 'Default', 'data.db'))).toBe(true);

  // Down from 08:00 to 08:05: the 08:00:30 task was missed.
  const second = await startAt(START + 5 * MINUTE);
  expect((await second.app.svc.listTasks({ status: 'pending' })).map((t) => t.taskId).sort()).toEqual(
    [missed.taskId, later.taskId, daily!.taskId].sort(),
  );
  await second.clock.advance(0);
  expect(await second.app.svc.getTask(missed.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 08:05:00' });
  expect((await second.app.svc.getTask(later.taskId)).status).toBe('pending');
  await second.clock.advance(25 * MINUTE);
  expect(await second.app.svc.getTask(later.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 08:30:00' });
  await second.app.close();

  // Another restart runs nothing again.
  const third = await startAt(START + 40 * MINUTE);
  await third.clock.advance(10 * MINUTE);
  expect(runsByTask()).toEqual({ [missed.taskId]: 1, [later.taskId]: 1 });
  // The series kept its one occurrence across both restarts.
  expect((await third.app.svc.listTasks({ fullName: 'tasks.Daily' })).map((t) => t.taskId)).toEqual([daily!.taskId]);
});

describe('closing the app while tasks run', () => {
  test('a task that ends within the grace period (5 s) completes', async () => {
    const { clock, app } = await startAt(START);
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.wait', 'tasks.NormalType', {
      ms: 3000,
    });
    await clock.advance(1000);
    await app.close();
    opened = undefined;
    const reopened = await startAt(START + MINUTE);
    expect(await reopened.app.svc.getTask(task.taskId)).toMatchObject({
      status: 'completed',
      result: 'waited',
      endedAt: '2025-03-01 08:00:04',
    });
  });

  test('a task still running after the grace period is aborted and ends as error', async () => {
    const { clock, app } = await startAt(START);
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.late', 'tasks.NormalType', {
      ms: 60_000,
    });
    await clock.advance(1000);
    const signal = calls[0]!.signal!;
    await app.close();
    opened = undefined;
    expect((signal.reason as Error).message).toBe('shutdown');

    const reopened = await startAt(START + MINUTE);
    await reopened.clock.advance(MINUTE);
    const ended = await reopened.app.svc.getTask(task.taskId);
    expect(ended).toMatchObject({
      status: 'error',
      result: null,
      endedAt: '2025-03-01 08:00:06',
      error: { message: 'shutdown: still running after the grace period' },
    });
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'error']);
  });
});

describe('a worker that dies mid-run (its lease expires)', () => {
  /** Claims the due tasks as another process would, and never finishes them. */
  async function claimAsCrashedWorker(app: OpenTaskApp, now: number) {
    const leaseMs = app.svc.service.settings.leaseMs;
    return taskStoreOf(app.app).claimDue(now, 10, 'crashed-worker', leaseMs);
  }

  test('its task ends as error "worker lost" once the lease (30 s) has passed, and is not run here', async () => {
    const { clock, app } = await startAt(START);
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:00', 'customFunc', 'tasks.NormalType');
    expect((await claimAsCrashedWorker(app, clock.now())).map((t) => t.taskId)).toEqual([task.taskId]);

    await clock.advance(30_000);
    expect((await app.svc.getTask(task.taskId)).status).toBe('running');
    await clock.advance(1000);
    const ended = await app.svc.getTask(task.taskId);
    expect(ended).toMatchObject({
      status: 'error',
      endedAt: '2025-03-01 08:00:31',
      error: { message: 'worker lost: crashed-worker stopped renewing its lease' },
    });
    expect(ended.history?.map((h) => [h.event, h.workerId])).toEqual([
      ['started', 'crashed-worker'],
      ['error', 'crashed-worker'],
    ]);
    await clock.advance(MINUTE);
    expect(seen).toEqual([]);
  });

  test('when the crashed process itself starts again, the task ends as "worker lost" at once', async () => {
    const first = await startAt(START);
    const task = await first.app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:00', 'customFunc', 'tasks.NormalType');
    await claimAsCrashedWorker(first.app, first.clock.now());
    await first.app.close();

    const second = await startAt(START + 10 * MINUTE);
    await second.clock.advance(0);
    expect(await second.app.svc.getTask(task.taskId)).toMatchObject({
      status: 'error',
      endedAt: '2025-03-01 08:10:00',
      error: { message: expect.stringMatching(/^worker lost/) },
    });
    expect(seen).toEqual([]);
  });

  test('a task whose template allows retries is retried here instead', async () => {
    const { clock, app } = await startAt(START);
    const task = await app.svc.createTimerTask('tasks.Retrying', '2025-03-01 08:00:00', 'flaky', 'tasks.NormalType', { succeedOn: 2 });
    await claimAsCrashedWorker(app, clock.now());
    await clock.advance(31_000); // lease gone at 08:00:31; the retry is due 10 s later
    expect(await app.svc.getTask(task.taskId)).toMatchObject({ status: 'pending', attempt: 2, startTime: '2025-03-01 08:00:41' });
    await clock.advance(10_000);
    expect(attempts).toEqual([{ taskId: task.taskId, attempt: 2 }]);
    const ended = await app.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'completed', attempt: 2, result: { succeededOn: 2 } });
    expect(ended.history?.map((h) => [h.event, h.attempt, h.workerId])).toEqual([
      ['started', 1, 'crashed-worker'],
      ['error', 1, 'crashed-worker'],
      ['started', 2, app.svc.service.workerId],
      ['completed', 2, app.svc.service.workerId],
    ]);
  });

  test("this process's own long task keeps its lease: it is not taken for lost", async () => {
    const { clock, app } = await startAt(START);
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:00', 'services.Greeter.wait', 'tasks.NormalType', {
      ms: 5 * MINUTE,
    });
    await clock.advance(4 * MINUTE);
    // Renewed while it runs, so another process would not reclaim it either.
    expect((await app.svc.service.queries.get(task.taskId))?.leaseUntil).toBeGreaterThan(clock.now());
    await clock.advance(MINUTE);
    expect(await app.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', result: 'waited' });
  });
});
