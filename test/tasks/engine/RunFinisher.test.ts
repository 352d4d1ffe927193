import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type App } from 'jittask';
import { RunFinisher } from '../../../src/tasks/engine/RunFinisher';
import { SeriesPlanner } from '../../../src/tasks/engine/SeriesPlanner';
import type { TaskQueries } from '../../../src/tasks/queries/TaskQueries';
import type { TaskStore } from '../../../src/tasks/store/TaskStore';
import { taskQueriesOf, taskStoreOf } from '../../fixtures/task-harness/taskWing';
import { tokenOf, type TaskRow } from '../../../src/tasks/TaskRecord';
import { fixtureDir } from '../../fixtures/fixtureDir';

/** Ending runs of the lease fixture's templates (`tasks.Retried`: 2 attempts, 60 s apart), no scheduler running. */
const T = Date.UTC(2025, 2, 1, 8);
const LEASE = 6000;
let app: App;
let clock: ManualClock;
let store: TaskStore;
let queries: TaskQueries;
let finisher: RunFinisher;

beforeEach(async () => {
  clock = new ManualClock(T);
  app = await loadApp(fixtureDir('lease-app'), { clock, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-finish-')) });
  store = taskStoreOf(app);
  queries = taskQueriesOf(app);
  const series = new SeriesPlanner(
    app,
    () => store,
    () => queries,
    'w1',
    5000,
  );
  finisher = new RunFinisher(
    app,
    () => store,
    () => queries,
    series,
    1000,
    () => false,
  );
});
afterEach(async () => {
  await app.close();
});

async function claim(fullName: string): Promise<TaskRow> {
  await store.insert([
    {
      taskId: 't1',
      fullName,
      taskType: 'tasks.NormalType',
      funcName: 'services.Gate.pass',
      argDict: { key: 'k' },
      dueAt: T,
      origin: 'manual',
      attempt: 1,
      createdAt: T,
    },
  ]);
  return (await store.claimDue(T, 1, 'w1', LEASE))[0]!;
}
const settingsOf = (fullName: string) =>
  new SeriesPlanner(
    app,
    () => store,
    () => queries,
    'w1',
    5000,
  ).templateOf(fullName);
const failed = { status: 'error', error: { message: 'remote down' } } as const;

test('a failed attempt of a retrying template goes back to pending after its backoff', async () => {
  const row = await claim('tasks.Retried');
  expect(await finisher.end(row, failed, { template: settingsOf('tasks.Retried'), workerId: 'w1' })).toEqual({
    kind: 'retried',
    dueAt: T + 60_000,
  });
  expect(await queries.get('t1')).toMatchObject({ status: 'pending', attempt: 2, dueAt: T + 60_000 });
});

test('the last attempt ends the task', async () => {
  const row = await claim('tasks.Once');
  expect(await finisher.end(row, failed, { template: settingsOf('tasks.Once'), workerId: 'w1' })).toEqual({
    kind: 'ended',
    nextDueAt: null,
  });
  expect(await queries.get('t1')).toMatchObject({ status: 'error', error: { message: 'remote down' } });
});

test('a reaper writes nothing while the lease holds (its owner renewed it meanwhile)', async () => {
  const row = await claim('tasks.Retried');
  const lost = { status: 'error', error: { message: 'worker lost' } } as const;
  expect(await finisher.end(row, lost, { template: settingsOf('tasks.Retried'), workerId: 'w1', reaping: true })).toEqual({ kind: 'kept' });
  expect(await queries.get('t1')).toMatchObject({ status: 'running', attempt: 1 });
});

test('an end whose claim no longer holds the task is kept as a late result', async () => {
  const row = await claim('tasks.RetriedNow');
  // A reaper put it back for a retry, and a later claim runs the retry.
  await store.retry(tokenOf(row), 'w2', { message: 'worker lost' }, T, T, false);
  expect(await store.claimDue(T, 1, 'w2', LEASE)).toMatchObject([{ taskId: 't1', attempt: 2 }]);
  expect(
    await finisher.end(row, { status: 'completed', result: 'late' }, { template: settingsOf('tasks.RetriedNow'), workerId: 'w1' }),
  ).toEqual({ kind: 'late', late: 'history' });
  expect(await queries.get('t1')).toMatchObject({ status: 'running', attempt: 2, result: null });
  expect((await queries.history('t1')).at(-1)).toMatchObject({ event: 'late', attempt: 1 });
});

test("the end of a force-ended task's run is discarded: nothing written", async () => {
  const row = await claim('tasks.Once');
  await store.forceEnd('t1', T + 10, null);
  const before = await queries.history('t1');
  expect(await finisher.end(row, { status: 'completed', result: 'late' }, { template: settingsOf('tasks.Once'), workerId: 'w1' })).toEqual({
    kind: 'discarded',
  });
  expect(await queries.get('t1')).toMatchObject({ status: 'forcedEnd', result: null });
  expect(await queries.history('t1')).toEqual(before);
});
