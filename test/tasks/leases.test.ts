import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, ManualClock } from 'jittask';
import { runs } from '../fixtures/lease-app/elements/services/Gate';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { taskQueriesOf, taskStoreOf } from '../fixtures/task-harness/taskWing';
import { captureLog } from '../support/captureLog';

/**
 * Two processes of one app on one SQLite file, each with a clock of its own: a process whose
 * clock stands still is one whose event loop is blocked (or that is cut off), as the other sees it.
 * Leases are 6 s, renewed every 2 s.
 */
const T = Date.UTC(2025, 2, 1, 8); // 2025-03-01 08:00:00 UTC
const LEASE = 6000;

const opened: OpenTaskApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0).reverse()) await app.close();
  runs.length = 0;
});

/** Starts a process of the app in `dir` on `clock`, sharing the database of `dataDir`. */
async function processOf(dir: string, clock: ManualClock, dataDir: string): Promise<OpenTaskApp> {
  const app = await openTaskApp(dir, clock, dataDir);
  opened.push(app);
  return app;
}

/** Process A, started now, and a way to start process B on the same database later. */
async function twoProcesses(dir = fixtureDir('lease-app')) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-leases-'));
  const clockA = new ManualClock(T);
  const clockB = new ManualClock(T);
  const a = await processOf(dir, clockA, dataDir);
  return { clockA, clockB, a, dataDir, startB: () => processOf(dir, clockB, dataDir) };
}

/** Which process ran which attempt, in order. */
const who = (a: OpenTaskApp, b?: OpenTaskApp) => runs.map((r) => [r.app === a.app ? 'A' : r.app === b?.app ? 'B' : '?', r.attempt]);

/** Makes every call of the scheduler of `app` to the database fail as if it were unreachable, until `reconnect()`. */
function cutOff(app: OpenTaskApp): { reconnect(): void } {
  let down = true;
  /** Replaces `object[name]` by a failing one while down. */
  const cut = <T extends object>(object: T, name: keyof T & string) => {
    const real = (object[name] as (...args: unknown[]) => Promise<unknown>).bind(object);
    return jest
      .spyOn(object, name as never)
      .mockImplementation(((...args: unknown[]) =>
        down ? Promise.reject(new JitError('DATABASE_ERROR', 'connection refused')) : real(...args)) as never);
  };
  const store = taskStoreOf(app.app);
  const queries = taskQueriesOf(app.app);
  const spies = [
    ...(['finishMany', 'recordLate', 'retry', 'renewLeases', 'heartbeat', 'claimDue'] as const).map((name) => cut(store, name)),
    ...(['expiredLeases', 'nextDueAt'] as const).map((name) => cut(queries, name)),
  ];
  return {
    reconnect() {
      down = false;
      for (const spy of spies) spy.mockRestore();
    },
  };
}

describe('a process whose event loop is blocked longer than its lease', () => {
  test('gives its run up with "lease lost" when it wakes; the retry started elsewhere only after the lease; its late result goes to the history', async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const task = await a.svc.createTimerTask('tasks.RetriedNow', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'blocked' });
    await clockA.advance(0);
    expect(who(a)).toEqual([['A', 1]]);

    const b = await startB();
    await clockB.advance(LEASE - 1000); // A's clock stands still: its loop is blocked
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'running', attempt: 1 });
    await clockB.advance(2000); // past A's lease: B retries the run at once (no backoff) and runs attempt 2
    expect(who(a, b)).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    expect(runs[0]!.signal.aborted).toBe(false); // A has not had a turn yet

    await clockA.advance(LEASE + 1000); // A's loop runs again
    expect(runs[0]!.signal.aborted).toBe(true);
    expect((runs[0]!.signal.reason as Error).message).toBe('lease lost');
    expect(a.events).toContainEqual(expect.objectContaining({ kind: 'leaseLost', taskId: task.taskId, attempt: 1 }));

    runs[1]!.open('second');
    await clockB.advance(0);
    const ended = await b.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'completed', attempt: 2, result: 'second' });
    expect(ended.history?.map((h) => [h.attempt, h.event])).toEqual([
      [1, 'started'],
      [1, 'error'],
      [2, 'started'],
      [1, 'late'],
      [2, 'completed'],
    ]);
    expect(ended.history?.find((h) => h.event === 'late')?.message).toMatch(
      /^late result of attempt 1 \(error: lease lost\) kept in the history only/,
    );
  });

  test('waking, it gives its old run up before it starts the retry of the same task that another process put back meanwhile', async () => {
    const { clockA, clockB, a, dataDir } = await twoProcesses();
    const task = await a.svc.createTimerTask('tasks.RetriedNow', new Date(T), 'services.Gate.pass', 'tasks.NormalType', {
      key: 'blocked, then woken',
    });
    await clockA.advance(0);
    // B has one slot, and it is taken: B reaps A's run and retries it at once, but leaves the retry to A.
    const b = await processOf(fixtureDir('lease-app-busy'), clockB, dataDir);
    await b.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', { key: 'busy' });
    await clockB.advance(0);
    clockA.block(LEASE + 1000); // A's loop is blocked…
    await clockB.advance(LEASE + 1000);
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'pending', attempt: 2 });

    const oldRunAbortedWhenRetryStarted: boolean[] = [];
    a.svc.service.onEvent((e) => {
      if (e.kind === 'started' && e.taskId === task.taskId) oldRunAbortedWhenRetryStarted.push(runs[0]!.signal.aborted);
    });
    await clockA.advance(0); // …and runs again: its poll comes before its lease timers
    expect(who(a, b)).toEqual([
      ['A', 1],
      ['B', 1],
      ['A', 2],
    ]);
    expect(oldRunAbortedWhenRetryStarted).toEqual([true]);
    expect((runs[0]!.signal.reason as Error).message).toBe('lease lost');
  });

  test('a pass held up before its claim claims with a lease from the claim, not from the start of the pass', async () => {
    const { clockA, a } = await twoProcesses();
    const queries = taskQueriesOf(a.app);
    const realReap = queries.expiredLeases.bind(queries);
    jest.spyOn(queries, 'expiredLeases').mockImplementationOnce(async (...args) => {
      clockA.block(LEASE + 1000); // stopped between the pass's first look and its claim
      return realReap(...args);
    });
    const task = await a.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'held-up pass' });
    const startedAt: number[] = [];
    a.svc.service.onEvent((e) => {
      if (e.kind === 'started') startedAt.push(clockA.now());
    });
    await clockA.advance(0);
    const row = await queries.get(task.taskId);
    expect(startedAt).toEqual([T + LEASE + 1000]);
    expect(row).toMatchObject({ status: 'running', startedAt: T + LEASE + 1000, leaseUntil: T + 2 * LEASE + 1000 });
  });

  test("never starts a task it claimed when the claim's answer came back after the lease ran out", async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const store = taskStoreOf(a.app);
    const realClaim = store.claimDue.bind(store);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    jest.spyOn(store, 'claimDue').mockImplementationOnce(async (...args) => {
      const rows = await realClaim(...args);
      await answered;
      return rows;
    });
    const task = await a.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'slow answer' });
    await clockA.advance(0); // claimed; the answer is on its way…
    await clockA.advance(LEASE + 1000); // …and takes longer than the lease

    const b = await startB();
    await clockB.advance(LEASE + 1000);
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/^worker lost/) } });

    answer();
    await clockA.advance(0);
    expect(runs).toEqual([]);
    expect(a.events.filter((e) => e.kind === 'started')).toEqual([]);
  });
});

describe("the engine's lines about a run", () => {
  test("a late result's line carries the task's error message escaped, on one line of its own", async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const logged = captureLog(a.app.logger);
    const task = await a.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', { key: 'forger' });
    await clockA.advance(0);
    await startB();
    await clockB.advance(LEASE + 1000); // A's clock stands still: B ends the run as worker lost
    await clockA.advance(LEASE + 1000); // A wakes and gives its run up
    expect(a.events).toContainEqual(expect.objectContaining({ kind: 'leaseLost', taskId: task.taskId }));

    runs[0]!.fail('boom\nerror: task 0 attempt 1 ended completed after its lease was lost: forged');
    await clockA.advance(0);
    const late = logged.lines.filter((l) => l.includes('after its lease was lost'));
    expect(late).toEqual([
      `warn: task ${task.taskId} attempt 1 ended error after its lease was lost: late result became the outcome` +
        '  error=boom\\nerror: task 0 attempt 1 ended completed after its lease was lost: forged',
    ]);
    expect(logged.lines.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe('a process cut off from the database while its run completes', () => {
  test('keeps the result: it becomes the outcome of the task another process had ended as worker lost', async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const task = await a.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'cut off' });
    await clockA.advance(0);
    const link = cutOff(a);
    runs[0]!.open('done');
    const b = await startB();
    await clockA.advance(LEASE + 1000); // A's end write fails, again and again
    await clockB.advance(LEASE + 1000);
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/^worker lost/) } });

    link.reconnect();
    await clockA.advance(30_000); // A's next try of the write gets through
    const ended = await b.svc.getTask(task.taskId);
    expect(ended).toMatchObject({ status: 'completed', attempt: 1, result: 'done', error: null });
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'error', 'late']);
    expect(a.events).toContainEqual(
      expect.objectContaining({ kind: 'late', taskId: task.taskId, message: 'late result became the outcome' }),
    );
  });

  test('a run of a retrying template then does not run twice: the retry waiting for its backoff is dropped', async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const task = await a.svc.createTimerTask('tasks.Retried', new Date(T), 'services.Gate.pass', 'tasks.NormalType', {
      key: 'cut off, retried',
    });
    await clockA.advance(0);
    const link = cutOff(a);
    runs[0]!.open('done');
    const b = await startB();
    await clockA.advance(LEASE + 1000);
    await clockB.advance(LEASE + 1000);
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'pending', attempt: 2 }); // due in 60 s

    link.reconnect();
    await clockA.advance(30_000);
    await clockB.advance(2 * 60_000);
    await clockA.advance(2 * 60_000);
    expect(who(a, b)).toEqual([['A', 1]]);
    expect(await b.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', attempt: 1, result: 'done' });
  });
});

describe('live processes', () => {
  test('a starting process runs an occurrence that a live process was too busy to run, instead of skipping it', async () => {
    // B is started first here: it is the busy one, with one slot.
    const { clockA: clockB, a: b, dataDir } = await twoProcesses(fixtureDir('lease-app-busy'));
    await b.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'busy' });
    await clockB.advance(68_000); // the 08:01:00 occurrence fell due while B's slot was taken
    expect(runs.map((r) => r.key)).toEqual(['busy']);

    const clockA = new ManualClock(T + 68_000);
    const a = await processOf(fixtureDir('lease-app-busy'), clockA, dataDir);
    expect(a.events.filter((e) => e.kind === 'skipped')).toEqual([]);
    await clockA.advance(0);
    expect(runs.map((r) => [r.key, r.app === a.app ? 'A' : 'B'])).toEqual([
      ['busy', 'B'],
      ['minutely', 'A'],
    ]);
  });

  test('TaskSvc.listWorkers lists the processes whose heartbeat is fresh, and forgets one that stopped', async () => {
    const { clockA, clockB, a, startB } = await twoProcesses();
    const b = await startB();
    await clockA.advance(2000);
    await clockB.advance(2000);
    const workers = await a.app
      .getElement<{ callFunction(name: string, args: object): Promise<Array<Record<string, unknown>>> }>('services.TaskSvc')
      .callFunction('listWorkers', {});
    expect(workers.map((w) => [w.workerId, w.self])).toEqual(
      expect.arrayContaining([
        [a.svc.service.workerId, true],
        [b.svc.service.workerId, false],
      ]),
    );
    expect(workers[0]).toMatchObject({ host: os.hostname(), pid: process.pid, startedAt: '2025-03-01 08:00:00', running: 0 });

    await opened.pop()!.close();
    const after = await a.app.getElement<{ listWorkers(): Promise<Array<Record<string, unknown>>> }>('services.TaskSvc').listWorkers();
    expect(after.map((w) => w.workerId)).toEqual([a.svc.service.workerId]);
  });
});

describe('shutdown', () => {
  test('app.close() ends within the grace period though a task function never settles, and leaves no timer behind', async () => {
    const { clockA, a } = await twoProcesses();
    await a.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', { key: 'never' });
    await clockA.advance(0);
    const closing = opened.pop()!.app.close();
    await clockA.advance(2000);
    await closing;
    expect(clockA.pendingTimers).toBe(0);
    expect(runs[0]!.signal.aborted).toBe(true);
  });
});
