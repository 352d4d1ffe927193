import { ManualClock } from 'jittask';
import { runs } from '../fixtures/lease-app/elements/services/Gate';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openEngineApp, type OpenEngineApp } from '../fixtures/task-harness/openEngineApp';
import { describePg, runSql } from '../support/pg';

/**
 * One process whose event loop is blocked for longer than the lease while it runs a task of a
 * retrying template, whose function then returns "ok". Nothing else runs the app: the process
 * gives its run up when it wakes (the lease rules), but the run is its own, alive, and its result
 * is the task's outcome. It must not reap its own run as "worker lost" and retry it.
 */
const T = Date.UTC(2025, 2, 1, 8);

const opened: OpenEngineApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
  runs.length = 0;
});

/**
 * Runs the scenario on a started app whose lease is `leaseMs`; `lapse(ms)` makes the database's
 * clock see `ms` more pass (on SQLite it is the process's own).
 */
async function blockedOwnerReturnsOk(app: OpenEngineApp, clock: ManualClock, lapse: (taskId: string, ms: number) => Promise<void>) {
  const leaseMs = app.svc.service.settings.leaseMs;
  const task = await app.svc.createTimerTask('tasks.RetriedNow', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', {
    key: 'blocked owner',
  });
  await app.settle();
  expect(runs.map((r) => r.attempt)).toEqual([1]);

  // The loop is blocked for 2.5 leases: no timer runs, no lease is renewed.
  clock.block(2.5 * leaseMs);
  await lapse(task.taskId, 2.5 * leaseMs);
  // It wakes: its timers give the run up (the function ignores its signal) and its passes look for
  // lapsed leases, its own run's among them.
  await app.settle();
  await clock.advance(app.svc.service.settings.pollIntervalMs);
  await app.settle();
  expect(app.events).toContainEqual(expect.objectContaining({ kind: 'leaseLost', taskId: task.taskId, attempt: 1 }));
  expect(runs.map((r) => r.attempt)).toEqual([1]);

  runs[0]!.open('ok');
  await app.settle();
  const ended = await app.svc.getTask(task.taskId);
  expect(ended).toMatchObject({ status: 'completed', attempt: 1, result: 'ok', error: null });
  expect(ended.history?.map((h) => [h.attempt, h.event])).toEqual([
    [1, 'started'],
    [1, 'completed'],
  ]);
  expect(app.events.filter((e) => e.kind === 'ended' || e.kind === 'late').map((e) => [e.kind, e.attempt, e.status])).toEqual([
    ['ended', 1, 'completed'],
  ]);
}

describe('a process blocked longer than its lease, alone on a SQLite file', () => {
  test('gives its run up, but does not reap it: the run\'s "ok" is the outcome and no second attempt starts', async () => {
    const clock = new ManualClock(T);
    const app = await openEngineApp(fixtureDir('engine-app'), clock);
    opened.push(app);
    await blockedOwnerReturnsOk(app, clock, async () => {});
  });
});

describe("a process that gave a run up, closed while the run's end is being written", () => {
  test('close() waits for that write (within the grace period): the result is kept', async () => {
    const clock = new ManualClock(T);
    const app = await openEngineApp(fixtureDir('engine-app'), clock);
    const task = await app.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', { key: 'closing' });
    await app.settle();
    clock.block(2 * app.svc.service.settings.leaseMs);
    await clock.advance(0); // it wakes and gives the run up (the function ignores its signal)
    expect(app.events).toContainEqual(expect.objectContaining({ kind: 'leaseLost', taskId: task.taskId }));

    runs[0]!.open('ok'); // the function returns, and right away the app is closed
    await app.close();

    const again = await openEngineApp(
      fixtureDir('engine-app'),
      new ManualClock(T + 3 * app.svc.service.settings.leaseMs),
      undefined,
      app.dataDir,
    );
    opened.push(again);
    expect(await again.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', attempt: 1, result: 'ok' });
  });
});

describePg('a process blocked longer than its lease, alone on PostgreSQL', ({ create }) => {
  test('gives its run up, but does not reap it: the run\'s "ok" is the outcome and no second attempt starts', async () => {
    const url = await create();
    const clock = new ManualClock(T);
    const app = await openEngineApp(fixtureDir('engine-app-pg'), clock, url);
    opened.push(app);
    // PostgreSQL judges leases by its own clock: as many seconds pass there as the process was blocked.
    await blockedOwnerReturnsOk(app, clock, (taskId, ms) =>
      runSql(url, `UPDATE jittask_tasks SET lease_until = lease_until - ${ms} WHERE task_id = '${taskId}'`),
    );
  });
});
