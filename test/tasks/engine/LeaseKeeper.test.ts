import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, ManualClock } from 'jittask';
import { SqliteDatabase } from '../../../src/db/SqliteDatabase';
import { Logger } from '../../../src/log/Logger';
import { LeaseKeeper, type LeaseLoss } from '../../../src/tasks/engine/LeaseKeeper';
import { taskQueriesOn } from '../../../src/tasks/queries/openTaskQueries';
import type { TaskQueries } from '../../../src/tasks/queries/TaskQueries';
import { createTaskStore } from '../../../src/tasks/store/openTaskStore';
import type { TaskStore } from '../../../src/tasks/store/TaskStore';
import type { TaskRow } from '../../../src/tasks/TaskRecord';

/** A keeper of 6-second leases over a real SQLite store, on a manual clock. */
const LEASE = 6000;
const T = Date.UTC(2025, 2, 1, 8);

let db: SqliteDatabase;
let store: TaskStore;
let queries: TaskQueries;
let clock: ManualClock;
let lost: Array<[string, LeaseLoss]>;
let keeper: LeaseKeeper;

beforeEach(async () => {
  db = SqliteDatabase.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jt-keeper-')), 'data.db'));
  store = createTaskStore(db);
  queries = taskQueriesOn(db);
  clock = new ManualClock(T);
  lost = [];
  keeper = new LeaseKeeper(
    clock,
    () => store,
    'w1',
    LEASE,
    (taskId, loss) => lost.push([taskId, loss]),
    new Logger({ sink: { write: () => {} } }),
  );
});
afterEach(async () => {
  await keeper.stop();
  db.close();
});

/** Writes a task due now and claims it for w1, as the scheduler does: returns the claimed row. */
async function claimOne(taskId: string): Promise<TaskRow> {
  await store.insert([
    {
      taskId,
      fullName: 'tasks.T',
      taskType: 'tasks.NormalType',
      funcName: 'services.S.f',
      argDict: {},
      dueAt: T,
      origin: 'manual',
      attempt: 1,
      createdAt: T,
    },
  ]);
  const [row] = await store.claimDue(clock.now(), 1, 'w1', LEASE);
  keeper.hold(row!, clock.monotonic());
  return row!;
}

test('renews the leases it holds every third of a lease, so the database never sees them lapse', async () => {
  await keeper.start();
  const row = await claimOne('t1');
  await clock.advance(2000);
  expect((await queries.get('t1'))?.leaseUntil).toBe(T + 2000 + LEASE);
  await clock.advance(60_000);
  expect((await queries.get('t1'))?.leaseUntil).toBe(T + 62_000 + LEASE);
  expect(await queries.expiredLeases(clock.now())).toEqual([]);
  expect(lost).toEqual([]);
  expect(row.claimId).toEqual(expect.any(String));
});

test('gives a run up exactly a lease after its last renewal that got through, not a moment later', async () => {
  await keeper.start();
  await claimOne('t1');
  await clock.advance(2000); // renewed, sent at 2 s
  const down = jest.spyOn(store, 'renewLeases').mockRejectedValue(new JitError('DATABASE_ERROR', 'connection refused'));
  await clock.advance(LEASE - 1); // 7.999 s: one millisecond short of the lease
  expect(lost).toEqual([]);
  await clock.advance(1);
  expect(lost).toEqual([['t1', 'expired']]);
  down.mockRestore();
  await clock.advance(4000);
  expect((await queries.get('t1'))?.leaseUntil).toBe(T + 2000 + LEASE); // a lease given up is never renewed again
});

test('a renewal that hangs does not put off giving a run up', async () => {
  await keeper.start();
  jest.spyOn(store, 'renewLeases').mockReturnValue(new Promise(() => {}));
  await claimOne('t1');
  await clock.advance(LEASE);
  expect(lost).toEqual([['t1', 'expired']]);
});

test('a run the database no longer gives to its claim (force-ended elsewhere) is reported taken', async () => {
  await keeper.start();
  await claimOne('t1');
  await store.forceEnd('t1', clock.now(), null);
  await clock.advance(2000);
  expect(lost).toEqual([['t1', 'taken']]);
});

test('a dropped run is neither renewed nor given up; dropping another claim of the task keeps this one', async () => {
  await keeper.start();
  const row = await claimOne('t1');
  keeper.drop('t1', 'an earlier claim');
  await clock.advance(2000);
  expect((await queries.get('t1'))?.leaseUntil).toBe(T + 2000 + LEASE);
  keeper.drop('t1', row.claimId);
  await clock.advance(3 * LEASE);
  expect(lost).toEqual([]);
  expect((await queries.get('t1'))?.leaseUntil).toBe(T + 2000 + LEASE);
});

test('a claim may start only while its lease has not run out', async () => {
  const claimedAt = clock.monotonic();
  await clock.advance(LEASE - 1);
  expect(keeper.canStart(claimedAt)).toBe(true);
  await clock.advance(1);
  expect(keeper.canStart(claimedAt)).toBe(false);
});

test('its heartbeat lists the process with the runs it holds; stopping forgets it', async () => {
  await keeper.start();
  await claimOne('t1');
  await clock.advance(2000);
  expect(await queries.listWorkers(clock.now())).toMatchObject([
    { workerId: 'w1', pid: process.pid, host: os.hostname(), startedAt: T, lastBeat: T + 2000, running: 1, ageMs: 0 },
  ]);
  await keeper.stop();
  expect(await queries.listWorkers(clock.now())).toEqual([]);
  expect(clock.pendingTimers).toBe(0);
});
