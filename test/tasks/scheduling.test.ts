import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, systemClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { seen } from '../fixtures/task-app/elements/tasks/Inner';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';
import { engineOf, taskStoreOf } from '../fixtures/task-harness/taskWing';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const SECOND = 1000;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
/** The longest delay Node's setTimeout takes; beyond it, it fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp | undefined;
const appDirs: string[] = [];

beforeEach(() => {
  calls.length = 0;
  seen.length = 0;
  clock = new ManualClock(START);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterAll(() => {
  for (const dir of appDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts task-app, or an app extending it with these scheduler settings. */
async function start(scheduler?: Record<string, number>): Promise<OpenTaskApp> {
  let dir = fixtureDir('task-app');
  if (scheduler) {
    dir = writeTemplateApp({}, { scheduler });
    appDirs.push(dir);
  }
  opened = await openTaskApp(dir, clock, dataDir);
  return opened;
}

/** How many times each task ran `customFunc`. */
function runsByTask(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s.taskId, (counts.get(s.taskId) ?? 0) + 1);
  return counts;
}

test('with concurrency 2, five one-minute tasks due together run two at a time', async () => {
  const app = await start({ pollInterval: 1, concurrency: 2, leaseSeconds: 30, shutdownGraceSeconds: 5 });
  const created = await app.svc.createTimerTasks(
    [1, 2, 3, 4, 5].map((n) => ({
      fullName: 'tasks.Inner',
      startTime: '2025-03-01 08:00:01',
      funcName: 'services.Greeter.wait',
      taskType: 'tasks.NormalType',
      argDict: { ms: MINUTE + n },
    })),
  );
  let running = 0;
  let mostAtOnce = 0;
  app.svc.service.onEvent((e) => {
    running += e.kind === 'started' ? 1 : e.kind === 'ended' ? -1 : 0;
    mostAtOnce = Math.max(mostAtOnce, running);
  });
  for (let s = 0; s < 200; s += 10) {
    await clock.advance(10 * SECOND);
    expect((await app.svc.listTasks({ status: 'running' })).length).toBeLessThanOrEqual(2);
  }
  expect(mostAtOnce).toBe(2);
  const tasks = await Promise.all(created.map((c) => app.svc.getTask(c.taskId)));
  expect(tasks.map((t) => [t.status, t.startedAt])).toEqual([
    ['completed', '2025-03-01 08:00:01'],
    ['completed', '2025-03-01 08:00:01'],
    ['completed', '2025-03-01 08:01:01'],
    ['completed', '2025-03-01 08:01:01'],
    ['completed', '2025-03-01 08:02:01'],
  ]);
});

test('1,000 tasks due at the same instant all run, each exactly once', async () => {
  const app = await start();
  const created = await app.svc.createTimerTasks(
    Array.from({ length: 1000 }, (_, i) => ({
      fullName: 'tasks.Inner',
      startTime: '2025-03-01 08:00:05',
      funcName: 'customFunc',
      taskType: 'tasks.NormalType',
      argDict: { i },
    })),
  );
  await clock.advance(4999);
  expect(seen).toEqual([]);
  await clock.advance(1);
  await clock.advance(MINUTE);
  const runs = runsByTask();
  expect(runs.size).toBe(1000);
  expect(created.every((c) => runs.get(c.taskId) === 1)).toBe(true);
  expect(await app.svc.service.queries.countByStatus()).toEqual({ completed: 1000, pending: 1 }); // and the daily series
});

test('after writing a batch of 200,000 tasks the engine reports success (no error after the commit)', async () => {
  const app = await start();
  const store = taskStoreOf(app.app);
  const rows = Array.from({ length: 200_000 }, (_, i) => ({
    taskId: `t${i}`,
    fullName: 'tasks.Inner',
    taskType: 'tasks.NormalType',
    funcName: 'customFunc',
    argDict: {},
    dueAt: START + DAY + i,
    origin: 'manual' as const,
    rowId: null,
    attempt: 1,
    createdAt: START,
    status: 'pending' as const,
    startedAt: null,
    endedAt: null,
    result: null,
    error: null,
    workerId: null,
    leaseUntil: null,
    claimId: null,
  }));
  // The store's own speed is not the point here (nor parsing 200,000 start times, which takes a
  // minute): it answers as if it had written them all.
  const insert = jest.spyOn(store, 'insert').mockResolvedValue(rows);
  try {
    await expect(engineOf(app.app).insert(rows)).resolves.toHaveLength(200_000);
  } finally {
    insert.mockRestore();
  }
});

test('a task due more than 25 days ahead does not fire early, and no timer asks for more than 2^31-1 ms', async () => {
  // A daily poll keeps 25 days of manual time quick to simulate.
  const app = await start({ pollInterval: 86_400, leaseSeconds: 3 * 86_400, shutdownGraceSeconds: 5 });
  const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-27 08:00:00', 'customFunc', 'tasks.NormalType');
  await clock.advance(24.9 * DAY);
  expect((await app.svc.getTask(task.taskId)).status).toBe('pending');
  expect(seen).toEqual([]);
  await clock.advance(26 * DAY - 24.9 * DAY - 1);
  expect((await app.svc.getTask(task.taskId)).status).toBe('pending');
  await clock.advance(1);
  expect(await app.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-27 08:00:00' });
  expect(clock.longestTimerMs).toBeLessThanOrEqual(MAX_TIMER_MS);
});

test('the system clock never hands setTimeout more than 2^31-1 ms', () => {
  const spy = jest.spyOn(global, 'setTimeout');
  try {
    systemClock.setTimer(() => undefined, 30 * DAY).cancel();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![1]).toBe(MAX_TIMER_MS);
  } finally {
    spy.mockRestore();
  }
});

describe('the wall clock jumps', () => {
  test('backwards: nothing runs early, nothing is lost or run twice', async () => {
    const app = await start();
    const done = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:02', 'customFunc', 'tasks.NormalType', { n: 'done' });
    const waiting = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:10', 'customFunc', 'tasks.NormalType', { n: 'waiting' });
    await clock.advance(5 * SECOND);
    await clock.set(Date.parse('2025-03-01T06:58:05Z')); // 08:00:05 → 07:58:05
    await clock.advance(10 * SECOND);
    expect((await app.svc.getTask(waiting.taskId)).status).toBe('pending');
    await clock.advance(114 * SECOND); // 07:59:59 → 08:00:09
    expect((await app.svc.getTask(waiting.taskId)).status).toBe('pending');
    await clock.advance(SECOND);
    expect(await app.svc.getTask(waiting.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 08:00:10' });
    expect(Object.fromEntries(runsByTask())).toEqual({ [done.taskId]: 1, [waiting.taskId]: 1 });
  });

  test('forwards: what fell due runs at the next poll (1 s), the series continues after the new now', async () => {
    const app = await start();
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 09:30:00', 'customFunc', 'tasks.NormalType');
    const [daily] = await app.svc.listTasks({ fullName: 'tasks.Daily', status: 'pending' });
    await clock.advance(0);
    await clock.set(Date.parse('2025-03-01T09:00:00Z')); // 08:00 → 10:00
    await clock.advance(SECOND);
    expect(await app.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 10:00:01' });
    expect(await app.svc.getTask(daily!.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 10:00:01' });
    expect((await app.svc.listTasks({ fullName: 'tasks.Daily', status: 'pending' })).map((t) => t.startTime)).toEqual([
      '2025-03-02 09:00:00',
    ]);
  });

  test("forwards past the lease: this process's running task is not taken for lost", async () => {
    const app = await start();
    const task = await app.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.wait', 'tasks.NormalType', {
      ms: MINUTE,
    });
    await clock.advance(SECOND);
    await clock.set(clock.now() + 2 * 3600_000);
    await clock.advance(10 * SECOND);
    expect((await app.svc.getTask(task.taskId)).status).toBe('running');
    await clock.advance(MINUTE);
    expect(await app.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', result: 'waited' });
  });
});
