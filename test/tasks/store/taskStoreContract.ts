import { isJitError } from '../../../src/errors/JitError';
import { tokenOf, type JsonObject, type NewTask, type RunToken, type TaskFilter, type TaskOutcome } from '../../../src/tasks/TaskRecord';
import type { TaskQueries } from '../../../src/tasks/queries/TaskQueries';
import type { FinishResult, TaskStore } from '../../../src/tasks/store/TaskStore';

/** A store opened by a {@link TaskStoreBackend}. */
export interface OpenedStore {
  store: TaskStore;
  /** The read model on the same database. */
  queries: TaskQueries;
  /** The database as the store's error messages name it (a file path, a URL). */
  location: string;
  /** Closes the store and its database; a second call does nothing. */
  close(): Promise<void>;
}

/** One kind of database the contract runs on. */
export interface TaskStoreBackend {
  /**
   * Opens a store on the current test's database over a connection of its own, as another process
   * would. The test file makes that database empty before each test.
   */
  open(): Promise<OpenedStore>;
  /** What the driver says when a closed database is used. */
  closedReason: RegExp;
  /**
   * Whose clock leases run on: the caller's `now` (SQLite: every process is on one machine), or
   * the database server's own (PostgreSQL).
   */
  leaseClock: 'caller' | 'server';
  /**
   * Lets `ms` more pass on the lease clock for the leases stored so far (on a server clock, by
   * moving them back); returns the time lapsed in all since the store was opened.
   */
  lapse(opened: OpenedStore, ms: number): Promise<number>;
}

/** 2024-03-01 09:00:00 UTC; every time below is relative to it. */
export const T0 = Date.UTC(2024, 2, 1, 9);
export const MINUTE = 60_000;
export const LEASE = 30_000;

/** A task as the store takes it, of `tasks.DailySync`, due at {@link T0} unless `fields` say otherwise. */
export function task(taskId: string, fields: Partial<NewTask> = {}): NewTask {
  return {
    taskId,
    fullName: 'tasks.DailySync',
    taskType: 'tasks.NormalType',
    funcName: 'services.DataSyncSvc.syncUserData',
    argDict: {},
    dueAt: T0,
    origin: 'manual',
    attempt: 1,
    createdAt: T0 - MINUTE,
    ...fields,
  };
}

/** An occurrence of the repeating template `fullName`. */
function occurrence(taskId: string, dueAt: number, fullName = 'tasks.DailySync'): NewTask {
  return task(taskId, { origin: 'series', fullName, dueAt });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/**
 * The behaviour every {@link TaskStore} shares, declared as tests inside the caller's `describe`:
 * one suite run against each backend proves they are interchangeable.
 */
export function taskStoreContract(backend: TaskStoreBackend): void {
  let opened: OpenedStore;
  let store: TaskStore;
  let queries: TaskQueries;
  /** Lets `ms` pass on the lease clock; the `now` to pass to later calls (T0 plus all lapsed). */
  const lapse = async (ms: number): Promise<number> => T0 + (await backend.lapse(opened, ms));
  /** Ends one run, as {@link TaskStore.finishMany} ends a group of one. */
  const finish = async (
    token: RunToken,
    workerId: string,
    outcome: TaskOutcome,
    now: number,
    next: NewTask | null = null,
  ): Promise<FinishResult> => (await store.finishMany([{ token, workerId, outcome, now, next, reaping: false }]))[0]!;
  /** The token of the claim that holds task `taskId` now (as its owner has it). */
  const held = async (taskId: string): Promise<RunToken> => tokenOf((await queries.get(taskId))!);
  /** Expects a lease taken or renewed for `ms` at `now`, during [before, after] of this machine's clock. */
  const expectLeaseEnd = (leaseUntil: number | null | undefined, now: number, ms: number, before: number, after: number): void => {
    if (backend.leaseClock === 'caller') {
      expect(leaseUntil).toBe(now + ms);
      return;
    }
    expect(leaseUntil).toBeGreaterThanOrEqual(before + ms - 1000);
    expect(leaseUntil).toBeLessThanOrEqual(after + ms + 1000);
  };
  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    queries = opened.queries;
  });
  afterEach(async () => {
    await opened.close();
  });

  describe('insert', () => {
    test('a task comes back as written, pending, its JSON arguments parsed', async () => {
      const argDict: JsonObject = { userId: 7, tags: ['a', 'b'], opts: { dryRun: false, note: null } };
      const [written] = await store.insert([task('t1', { argDict, dueAt: T0 + 123 })]);

      const expected = {
        taskId: 't1',
        fullName: 'tasks.DailySync',
        taskType: 'tasks.NormalType',
        funcName: 'services.DataSyncSvc.syncUserData',
        argDict,
        dueAt: T0 + 123,
        origin: 'manual',
        rowId: null,
        attempt: 1,
        createdAt: T0 - MINUTE,
        status: 'pending',
        startedAt: null,
        endedAt: null,
        result: null,
        error: null,
        workerId: null,
        leaseUntil: null,
        claimId: null,
      };
      expect(written).toEqual(expected);
      expect(await queries.get('t1')).toEqual(expected);
    });

    test('arguments and results come back exactly as written: key order, escapes, numbers', async () => {
      const argDict: JsonObject = { zeta: 1, alpha: { y: 2, x: [3.25, -0, 1e21] }, text: 'quote " back \\ nul \u0000 emoji \u{1F600}' };
      await store.insert([task('t1', { argDict })]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      await finish(await held('t1'), 'w1', { status: 'completed', result: { b: 'first', a: 'second' } }, T0 + 1);

      const row = await queries.get('t1');
      expect(JSON.stringify(row?.argDict)).toBe(JSON.stringify(argDict));
      expect(JSON.stringify(row?.result)).toBe('{"b":"first","a":"second"}');
    });

    test('an unknown task id reads as null', async () => {
      expect(await queries.get('nope')).toBeNull();
    });

    test('a batch the database refuses half-way (a repeated task id) is rolled back entirely', async () => {
      await store.insert([task('existing')]);
      const err = await rejection(store.insert([task('new1'), task('existing'), task('new2')]));
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect(await queries.get('new1')).toBeNull();
      expect(await queries.countByStatus()).toEqual({ pending: 1 });
    });

    test('a large batch mixing manual tasks and series occurrences is written whole, in order, each exactly once', async () => {
      // Large enough for the stores that write many rows per statement to do so, with series
      // occurrences (which may be skipped) in the middle and a remainder at the end.
      const batch = Array.from({ length: 1_234 }, (_, i) => task(`m${i}`, { argDict: { i }, dueAt: T0 + i }));
      batch.splice(
        300,
        0,
        task('s1', { fullName: 'tasks.Sync', origin: 'series' }),
        task('s2', { fullName: 'tasks.Sync', origin: 'series' }),
      );
      const written = await store.insert(batch);
      expect(written.map((t) => t.taskId)).toEqual(batch.map((t) => t.taskId).filter((id) => id !== 's2'));
      expect(await queries.countByStatus()).toEqual({ pending: 1_235 });
      expect(await queries.get('m1233')).toMatchObject({ argDict: { i: 1233 }, dueAt: T0 + 1233, status: 'pending', attempt: 1 });
      expect(await queries.get('s2')).toBeNull();
    });

    test('a repeated task id deep in a large batch rolls back the whole batch', async () => {
      const batch = Array.from({ length: 700 }, (_, i) => task(`m${i}`));
      batch.push(task('m5'));
      const err = await rejection(store.insert(batch));
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect(await queries.countByStatus()).toEqual({});
    });

    test('a repeating template never gets a second pending occurrence: the extra one is skipped silently', async () => {
      const written = await store.insert([
        occurrence('sync-1', T0),
        occurrence('sync-2', T0 + MINUTE),
        occurrence('report-1', T0, 'tasks.WeeklyReport'),
      ]);
      expect(written.map((row) => row.taskId)).toEqual(['sync-1', 'report-1']);

      expect(await store.insert([occurrence('sync-3', T0 + 2 * MINUTE)])).toEqual([]);
      expect(await queries.get('sync-3')).toBeNull();
      expect((await queries.list({ fullName: 'tasks.DailySync' })).map((row) => row.taskId)).toEqual(['sync-1']);
    });

    test('once the pending occurrence runs, the next one can be written', async () => {
      await store.insert([occurrence('sync-1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      expect((await store.insert([occurrence('sync-2', T0 + MINUTE)])).map((row) => row.taskId)).toEqual(['sync-2']);
    });

    test('manual tasks of one template may pile up; a date-field row may not have two pending tasks', async () => {
      await store.insert([task('m1'), task('m2')]);
      const reminder = (taskId: string, rowId: string): NewTask =>
        task(taskId, { fullName: 'tasks.MeetingReminder', origin: 'dateField', rowId });
      await store.insert([reminder('r1', '1'), reminder('r2', '2')]);

      const err = await rejection(store.insert([reminder('r1-again', '1')]));
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect(await queries.countByStatus()).toEqual({ pending: 4 });
    });
  });

  describe('nextDueAt', () => {
    test('is null with nothing pending, then the earliest pending due time', async () => {
      expect(await queries.nextDueAt()).toBeNull();
      await store.insert([task('late', { dueAt: T0 + 5 * MINUTE }), task('early', { dueAt: T0 + MINUTE })]);
      expect(await queries.nextDueAt()).toBe(T0 + MINUTE);
      await store.claimDue(T0 + MINUTE, 10, 'w1', LEASE);
      expect(await queries.nextDueAt()).toBe(T0 + 5 * MINUTE);
    });
  });

  describe('claimDue', () => {
    test('a task is not claimed a millisecond before it is due, and is at its due time', async () => {
      await store.insert([task('t1', { dueAt: T0 })]);
      expect(await store.claimDue(T0 - 1, 10, 'w1', LEASE)).toEqual([]);

      const before = Date.now();
      const [claimed] = await store.claimDue(T0, 10, 'w1', LEASE);
      expect(claimed).toMatchObject({ taskId: 't1', status: 'running', workerId: 'w1', startedAt: T0 });
      expectLeaseEnd(claimed?.leaseUntil, T0, LEASE, before, Date.now());
      expect(claimed?.claimId).toEqual(expect.any(String));
      expect(await queries.get('t1')).toEqual(claimed);
      expect(await queries.history('t1')).toEqual([{ taskId: 't1', attempt: 1, event: 'started', at: T0, workerId: 'w1', message: null }]);
    });

    test('the earliest due tasks are claimed first, up to the limit, ties in insertion order', async () => {
      await store.insert([
        task('c', { dueAt: T0 + 2 }),
        task('a1', { dueAt: T0 }),
        task('b', { dueAt: T0 + 1 }),
        task('a2', { dueAt: T0 }),
      ]);
      const first = await store.claimDue(T0 + 10, 3, 'w1', LEASE);
      expect(first.map((row) => row.taskId)).toEqual(['a1', 'a2', 'b']);
      expect((await store.claimDue(T0 + 10, 3, 'w1', LEASE)).map((row) => row.taskId)).toEqual(['c']);
    });

    test('a second claimer never gets what the first one took', async () => {
      await store.insert([task('t1'), task('t2')]);
      const one = await store.claimDue(T0, 1, 'w1', LEASE);
      const two = await store.claimDue(T0, 10, 'w2', LEASE);
      const three = await store.claimDue(T0, 10, 'w3', LEASE);
      expect(one.map((row) => row.taskId)).toEqual(['t1']);
      expect(two.map((row) => row.taskId)).toEqual(['t2']);
      expect(three).toEqual([]);
      expect((await queries.get('t1'))?.workerId).toBe('w1');
    });

    test('1,000 tasks due at one instant are claimed in batches by alternating workers, each exactly once', async () => {
      const batch = Array.from({ length: 1000 }, (_, i) => task(`t${i}`, { dueAt: T0 }));
      await store.insert(batch);

      const claimedBy = new Map<string, string>();
      for (let round = 0; ; round += 1) {
        const worker = round % 2 === 0 ? 'w1' : 'w2';
        const claimed = await store.claimDue(T0, 64, worker, LEASE);
        if (claimed.length === 0) break;
        expect(claimed.length).toBeLessThanOrEqual(64);
        for (const row of claimed) {
          expect(claimedBy.has(row.taskId)).toBe(false);
          claimedBy.set(row.taskId, worker);
        }
      }
      expect(claimedBy.size).toBe(1000);
      expect(await queries.countByStatus()).toEqual({ running: 1000 });
      expect(await queries.history('t999')).toHaveLength(1);
    });
  });

  describe('finishMany', () => {
    test('finishMany ends a group of runs in one go, each under its own conditions', async () => {
      await store.insert([task('a'), task('b'), occurrence('series-1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      await store.forceEnd('b', T0 + 1, null);
      const results = await store.finishMany([
        { token: await held('a'), workerId: 'w1', outcome: { status: 'completed', result: 1 }, now: T0 + 10, next: null, reaping: false },
        { token: await held('b'), workerId: 'w1', outcome: { status: 'completed', result: 2 }, now: T0 + 10, next: null, reaping: false },
        {
          token: await held('series-1'),
          workerId: 'w1',
          outcome: { status: 'error', error: { message: 'x' } },
          now: T0 + 10,
          next: occurrence('series-2', T0 + MINUTE),
          reaping: false,
        },
      ]);
      expect(results.map((r) => [r.finished, r.next?.taskId ?? null])).toEqual([
        [true, null],
        [false, null],
        [true, 'series-2'],
      ]);
      expect((await queries.get('a'))?.status).toBe('completed');
      expect((await queries.get('b'))?.status).toBe('forcedEnd'); // its late result was discarded
      expect((await queries.get('series-2'))?.status).toBe('pending');
    });

    test('a caller that gives the attempt it ran gets the same ending, and only for a task it still holds', async () => {
      await store.insert([task('a'), task('b')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      await store.forceEnd('b', T0 + 1, null);
      const results = await store.finishMany([
        {
          token: await held('a'),
          workerId: 'w1',
          outcome: { status: 'completed', result: 'done' },
          now: T0 + 10,
          next: null,
          reaping: false,
        },
        { token: await held('b'), workerId: 'w1', outcome: { status: 'completed' }, now: T0 + 10, next: null, reaping: false },
      ]);
      expect(results.map((r) => r.finished)).toEqual([true, false]);
      expect(await queries.get('a')).toMatchObject({ status: 'completed', result: 'done', endedAt: T0 + 10, leaseUntil: null });
      expect((await queries.history('a')).map((h) => [h.event, h.attempt])).toEqual([
        ['started', 1],
        ['completed', 1],
      ]);
      expect((await queries.history('b')).map((h) => h.event)).toEqual(['started', 'forcedEnd']);
    });

    test('finishMany is all or nothing: a next occurrence the database refuses (a repeated id) writes none of the group', async () => {
      await store.insert([task('a'), task('b')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      await expect(
        store.finishMany([
          { token: await held('a'), workerId: 'w1', outcome: { status: 'completed' }, now: T0 + 10, next: null, reaping: false },
          {
            token: await held('b'),
            workerId: 'w1',
            outcome: { status: 'completed' },
            now: T0 + 10,
            next: occurrence('a', T0 + MINUTE),
            reaping: false,
          },
        ]),
      ).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
      expect((await queries.get('a'))?.status).toBe('running');
      expect((await queries.get('b'))?.status).toBe('running');
    });

    test('a completed task keeps its result, and its history shows the run', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);

      const result = await finish(await held('t1'), 'w1', { status: 'completed', result: { synced: 42 } }, T0 + 500);
      expect(result).toEqual({ finished: true, next: null });
      expect(await queries.get('t1')).toMatchObject({
        status: 'completed',
        result: { synced: 42 },
        error: null,
        endedAt: T0 + 500,
        startedAt: T0,
        leaseUntil: null,
        workerId: 'w1',
      });
      expect((await queries.history('t1')).map((entry) => [entry.event, entry.at])).toEqual([
        ['started', T0],
        ['completed', T0 + 500],
      ]);
    });

    test('a failed task keeps its error, and the history its message', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const error = { message: 'remote API down', stack: 'Error: remote API down\n    at sync' };
      await finish(await held('t1'), 'w1', { status: 'error', error }, T0 + 500);

      expect(await queries.get('t1')).toMatchObject({ status: 'error', error, result: null });
      expect((await queries.history('t1')).at(-1)).toEqual({
        taskId: 't1',
        attempt: 1,
        event: 'error',
        at: T0 + 500,
        workerId: 'w1',
        message: 'remote API down',
      });
    });

    test('the next occurrence of a series is written with the end of the current run', async () => {
      await store.insert([occurrence('sync-1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);

      const { finished, next } = await finish(
        await held('sync-1'),
        'w1',
        { status: 'timeout' },
        T0 + 500,
        occurrence('sync-2', T0 + MINUTE),
      );
      expect(finished).toBe(true);
      expect(next).toMatchObject({ taskId: 'sync-2', status: 'pending', dueAt: T0 + MINUTE });
      expect(await queries.get('sync-2')).toEqual(next);
      expect(await queries.nextDueAt()).toBe(T0 + MINUTE);
    });

    test('when writing the next occurrence fails, the run is not ended either (one transaction)', async () => {
      await store.insert([occurrence('sync-1', T0), task('taken')]);
      await store.claimDue(T0, 1, 'w1', LEASE);

      const err = await rejection(finish(await held('sync-1'), 'w1', { status: 'completed' }, T0 + 500, occurrence('taken', T0 + MINUTE)));
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect(await queries.get('sync-1')).toMatchObject({ status: 'running', workerId: 'w1', endedAt: null });
      expect((await queries.history('sync-1')).map((entry) => entry.event)).toEqual(['started']);
    });

    test('a late result after forceEnd is discarded and writes no next occurrence', async () => {
      await store.insert([occurrence('sync-1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      await store.forceEnd('sync-1', T0 + 100, occurrence('sync-2', T0 + MINUTE));

      const late = await finish(
        await held('sync-1'),
        'w1',
        { status: 'completed', result: 'late' },
        T0 + 500,
        occurrence('sync-3', T0 + 2 * MINUTE),
      );
      expect(late).toEqual({ finished: false, next: null });
      expect(await queries.get('sync-1')).toMatchObject({ status: 'forcedEnd', result: null, endedAt: T0 + 100 });
      expect(await queries.get('sync-3')).toBeNull();
    });

    test('a run is ended only under the token of the claim that holds it', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const token = await held('t1');
      expect(await finish({ ...token, claimId: 'another claim' }, 'w1', { status: 'completed' }, T0 + 500)).toEqual({
        finished: false,
        next: null,
      });
      expect(await finish({ ...token, attempt: 2 }, 'w1', { status: 'completed' }, T0 + 500)).toEqual({ finished: false, next: null });
      expect((await queries.get('t1'))?.status).toBe('running');
      expect(await finish(token, 'w1', { status: 'completed' }, T0 + 500)).toMatchObject({ finished: true });
    });

    test('a reaper ends a run only while its lease has lapsed', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const token = await held('t1');
      const lost = { status: 'error', error: { message: 'worker lost' } } as const;
      const [early] = await store.finishMany([{ token, workerId: 'w1', outcome: lost, now: T0 + 10, reaping: true, next: null }]);
      expect(early?.finished).toBe(false);
      const now = await lapse(LEASE + 1000);
      const [late] = await store.finishMany([{ token, workerId: 'w1', outcome: lost, now, reaping: true, next: null }]);
      expect(late?.finished).toBe(true);
      expect(await queries.get('t1')).toMatchObject({ status: 'error', error: { message: 'worker lost' } });
    });
  });

  describe('retry', () => {
    test('a failed attempt goes back to pending at its new time and runs again as the next attempt', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);

      expect(await store.retry(await held('t1'), 'w1', { message: 'timeout talking to API' }, T0 + MINUTE, T0 + 500, false)).toBe(true);
      expect(await queries.get('t1')).toMatchObject({
        status: 'pending',
        dueAt: T0 + MINUTE,
        attempt: 2,
        workerId: null,
        leaseUntil: null,
        startedAt: null,
        error: null,
      });
      expect(await store.claimDue(T0 + MINUTE - 1, 10, 'w1', LEASE)).toEqual([]);

      const [again] = await store.claimDue(T0 + MINUTE, 10, 'w2', LEASE);
      expect(again).toMatchObject({ taskId: 't1', attempt: 2, workerId: 'w2' });
      expect((await queries.history('t1')).map(({ attempt, event, workerId, message }) => [attempt, event, workerId, message])).toEqual([
        [1, 'started', 'w1', null],
        [1, 'error', 'w1', 'timeout talking to API'],
        [2, 'started', 'w2', null],
      ]);
    });

    test('a task is retried only under the token of the claim that holds it', async () => {
      await store.insert([task('t1')]);
      expect(await store.retry(await held('t1'), 'w1', null, T0 + MINUTE, T0, false)).toBe(false);
      await store.claimDue(T0, 10, 'w1', LEASE);
      expect(await store.retry({ ...(await held('t1')), claimId: 'another claim' }, 'w1', null, T0 + MINUTE, T0, false)).toBe(false);
      expect(await queries.get('t1')).toMatchObject({ status: 'running', attempt: 1 });
      expect(await queries.history('t1')).toHaveLength(1);
    });
  });

  describe('forceEnd', () => {
    test('a pending task is ended and will never be claimed; the series continues', async () => {
      await store.insert([occurrence('sync-1', T0)]);
      const ended = await store.forceEnd('sync-1', T0 - 100, occurrence('sync-2', T0 + MINUTE));

      expect(ended.previousStatus).toBe('pending');
      expect(ended.changed).toBe(true);
      expect(ended.next).toMatchObject({ taskId: 'sync-2', status: 'pending' });
      expect(await queries.get('sync-1')).toMatchObject({ status: 'forcedEnd', endedAt: T0 - 100 });
      expect(await queries.history('sync-1')).toEqual([
        { taskId: 'sync-1', attempt: 1, event: 'forcedEnd', at: T0 - 100, workerId: null, message: null },
      ]);
      expect((await store.claimDue(T0 + MINUTE, 10, 'w1', LEASE)).map((row) => row.taskId)).toEqual(['sync-2']);
    });

    test('a running task is ended at once, its worker kept in the history', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const ended = await store.forceEnd('t1', T0 + 100, null);

      expect(ended).toEqual({ previousStatus: 'running', changed: true, next: null });
      expect(await queries.get('t1')).toMatchObject({ status: 'forcedEnd', endedAt: T0 + 100, leaseUntil: null });
      expect((await queries.history('t1')).at(-1)).toMatchObject({ event: 'forcedEnd', workerId: 'w1' });
      expect(await queries.expiredLeases(T0 + 10 * LEASE)).toEqual([]);
    });

    test.each(['forcedEnd', 'completed'] as const)('an already %s task is left as it is and no next is written', async (status) => {
      await store.insert([occurrence('sync-1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      if (status === 'forcedEnd') await store.forceEnd('sync-1', T0 + 100, null);
      else await finish(await held('sync-1'), 'w1', { status: 'completed' }, T0 + 100);
      const historyBefore = await queries.history('sync-1');

      const again = await store.forceEnd('sync-1', T0 + 200, occurrence('sync-2', T0 + MINUTE));
      expect(again).toEqual({ previousStatus: status, changed: false, next: null });
      expect(await queries.get('sync-1')).toMatchObject({ status, endedAt: T0 + 100 });
      expect(await queries.get('sync-2')).toBeNull();
      expect(await queries.history('sync-1')).toEqual(historyBefore);
    });

    test('an unknown task id has no previous status', async () => {
      expect(await store.forceEnd('ghost', T0, occurrence('sync-2', T0))).toEqual({ previousStatus: null, changed: false, next: null });
      expect(await queries.get('sync-2')).toBeNull();
    });
  });

  describe('leases', () => {
    test("a worker that renews keeps its tasks; a silent worker's tasks show up as expired", async () => {
      await store.insert([task('alive'), task('lost')]);
      await store.claimDue(T0, 1, 'w-alive', LEASE);
      await store.claimDue(T0, 1, 'w-lost', LEASE);
      const almost = await lapse(LEASE - 5000);

      const before = Date.now();
      expect(
        await store.renewLeases(
          LEASE,
          [await held('alive'), await held('lost')].map((t) => ({ ...t, claimId: t.taskId === 'lost' ? 'not mine' : t.claimId })),
          almost,
        ),
      ).toEqual(['alive']);
      expectLeaseEnd((await queries.get('alive'))?.leaseUntil, almost, LEASE, before, Date.now());
      expect(await queries.expiredLeases(almost)).toEqual([]);

      const after = await lapse(6000);
      const expired = await queries.expiredLeases(after);
      expect(expired.map((row) => [row.taskId, row.workerId])).toEqual([['lost', 'w-lost']]);
    });

    test('renewing touches only running tasks', async () => {
      await store.insert([task('t1'), task('t2', { dueAt: T0 + MINUTE })]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const first = await held('t1');
      await finish(first, 'w1', { status: 'completed' }, T0 + 10);
      expect(await store.renewLeases(LEASE, [first, { taskId: 't2', claimId: first.claimId, attempt: 1 }], T0 + 20)).toEqual([]);
      expect((await queries.get('t1'))?.leaseUntil).toBeNull();
      expect((await queries.get('t2'))?.leaseUntil).toBeNull();
    });

    test('a task force-ended elsewhere is not renewed, and the worker is told so', async () => {
      await store.insert([task('kept'), task('ended'), task('unknown-to-worker')]);
      await store.claimDue(T0, 3, 'w1', LEASE);
      const unknownLease = (await queries.get('unknown-to-worker'))?.leaseUntil;
      const tokens = [await held('kept'), await held('ended')];
      await store.forceEnd('ended', T0 + 5, null);
      // The worker renews only what it knows it runs: a claim whose answer it never received lapses.
      expect(await store.renewLeases(LEASE, tokens, T0 + LEASE / 2)).toEqual(['kept']);
      expect((await queries.get('unknown-to-worker'))?.leaseUntil).toBe(unknownLease);
    });

    test('a claim given back before it started is pending again, as if never claimed', async () => {
      await store.insert([task('t1')]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const token = await held('t1');
      expect(await store.release({ ...token, claimId: 'another claim' })).toBe(false);
      expect(await store.release(token)).toBe(true);
      expect(await queries.get('t1')).toMatchObject({
        status: 'pending',
        attempt: 1,
        workerId: null,
        leaseUntil: null,
        startedAt: null,
        claimId: null,
      });
      expect(await queries.history('t1')).toEqual([]);
      expect(await store.release(token)).toBe(false);
      expect((await store.claimDue(T0, 10, 'w2', LEASE)).map((r) => r.taskId)).toEqual(['t1']);
    });
  });

  describe('late results', () => {
    const lost = { status: 'error', error: { message: 'worker lost: w1 stopped renewing its lease' } } as const;
    /** Claims `t1` for w1, then lets it lapse and has a reaper end it (or retry it, with `retryAt`). */
    const reaped = async (retryAt?: number): Promise<RunToken> => {
      await store.insert([occurrence('t1', T0)]);
      await store.claimDue(T0, 10, 'w1', LEASE);
      const token = await held('t1');
      const now = await lapse(LEASE + 1000);
      if (retryAt !== undefined) expect(await store.retry(token, 'w1', lost.error, retryAt, now, true)).toBe(true);
      else
        expect(
          (await store.finishMany([{ token, workerId: 'w1', outcome: lost, now, reaping: true, next: occurrence('t2', T0 + MINUTE) }]))[0]
            ?.finished,
        ).toBe(true);
      return token;
    };

    test('a result that comes after its run was reaped as worker lost becomes the outcome', async () => {
      const token = await reaped();
      const request = {
        token,
        workerId: 'w1',
        outcome: { status: 'completed', result: { rows: 3 } },
        now: T0 + LEASE + 2000,
        next: occurrence('t3', T0 + MINUTE),
        reaping: false,
      } as const;
      expect((await finish(token, 'w1', request.outcome, request.now)).finished).toBe(false);

      expect(await store.recordLate(request)).toBe('outcome');
      expect(await queries.get('t1')).toMatchObject({ status: 'completed', result: { rows: 3 }, error: null, attempt: 1 });
      // The reaper wrote the next occurrence already: the late result writes none.
      expect(await queries.get('t2')).toMatchObject({ status: 'pending' });
      expect(await queries.get('t3')).toBeNull();
      expect((await queries.history('t1')).map((h) => [h.attempt, h.event])).toEqual([
        [1, 'started'],
        [1, 'error'],
        [1, 'late'],
      ]);
      expect(await store.recordLate(request)).toBe('recorded');
    });

    test('a failure that comes after its run was reaped becomes the outcome too: the reaper\'s "worker lost" is not taken for it', async () => {
      const token = await reaped();
      const failed = { status: 'error', error: { message: 'remote API down' } } as const;
      expect(await store.recordLate({ token, workerId: 'w1', outcome: failed, now: T0 + LEASE + 2000, next: null, reaping: false })).toBe(
        'outcome',
      );
      expect(await queries.get('t1')).toMatchObject({ status: 'error', error: { message: 'remote API down' } });
    });

    test('a success that comes before the retry of its reaped run started ends the task; the retry never runs', async () => {
      const token = await reaped(T0 + 10 * MINUTE);
      const request = {
        token,
        workerId: 'w1',
        outcome: { status: 'completed', result: 'ok' },
        now: T0 + LEASE + 2000,
        next: occurrence('t3', T0 + MINUTE),
        reaping: false,
      } as const;
      expect(await store.recordLate(request)).toBe('outcome');
      expect(await queries.get('t1')).toMatchObject({ status: 'completed', result: 'ok', attempt: 1 });
      expect(await queries.get('t3')).toMatchObject({ status: 'pending' });
      expect(await store.claimDue(T0 + 20 * MINUTE, 10, 'w2', LEASE).then((rows) => rows.map((r) => r.taskId))).toEqual(['t3']);
    });

    test('a result that comes after a later attempt started is kept in the history only', async () => {
      const token = await reaped(T0);
      await store.claimDue(T0 + LEASE + 1000, 10, 'w2', LEASE);
      const request = {
        token,
        workerId: 'w1',
        outcome: { status: 'completed', result: 'ok' },
        now: T0 + LEASE + 2000,
        next: null,
        reaping: false,
      } as const;
      expect(await store.recordLate(request)).toBe('history');
      expect(await queries.get('t1')).toMatchObject({ status: 'running', attempt: 2, workerId: 'w2' });
      expect((await queries.history('t1')).at(-1)).toMatchObject({
        attempt: 1,
        event: 'late',
        workerId: 'w1',
        message: expect.stringContaining('kept in the history only'),
      });
    });
  });

  describe('workers', () => {
    test('a heartbeat records a worker; it can be listed with its age, and forgotten', async () => {
      expect(await queries.listWorkers(T0)).toEqual([]);
      await store.heartbeat({ workerId: 'w1', host: 'box', pid: 42, startedAt: T0 - MINUTE, running: 0 }, T0);
      await store.heartbeat({ workerId: 'w1', host: 'box', pid: 42, startedAt: T0 - MINUTE, running: 3 }, T0 + 1000);
      const [w1] = await queries.listWorkers(T0 + 3000);
      expect(w1).toMatchObject({ workerId: 'w1', host: 'box', pid: 42, startedAt: T0 - MINUTE, running: 3 });
      if (backend.leaseClock === 'caller') expect(w1?.ageMs).toBe(2000);
      else expect(w1?.ageMs).toBeLessThan(5000);
      await store.removeWorker('w1');
      expect(await queries.listWorkers(T0 + 3000)).toEqual([]);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await store.insert([
        task('sync-1', { dueAt: T0 }),
        task('sync-2', { dueAt: T0 + MINUTE }),
        task('sync-3', { dueAt: T0 + 2 * MINUTE }),
        task('mtg-1', { fullName: 'tasks.MeetingReminder', origin: 'dateField', rowId: '17', dueAt: T0 + 30_000 }),
      ]);
      await store.claimDue(T0, 1, 'w1', LEASE);
    });
    const ids = async (filter: TaskFilter): Promise<string[]> => (await queries.list(filter)).map((row) => row.taskId);

    test.each([
      ['everything, newest due first', {}, ['sync-3', 'sync-2', 'mtg-1', 'sync-1']],
      ['one template', { fullName: 'tasks.DailySync' }, ['sync-3', 'sync-2', 'sync-1']],
      ['one status', { status: 'running' as const }, ['sync-1']],
      ['a due window, bounds included', { from: T0 + 30_000, to: T0 + MINUTE }, ['sync-2', 'mtg-1']],
      ['one row', { rowId: '17' }, ['mtg-1']],
      ['template and status', { fullName: 'tasks.DailySync', status: 'pending' as const }, ['sync-3', 'sync-2']],
      ['a page', { limit: 2, offset: 1 }, ['sync-2', 'mtg-1']],
      ['nothing matches', { fullName: 'tasks.Nope' }, []],
    ])('%s', async (_what, filter, expected) => {
      expect(await ids(filter)).toEqual(expected);
    });

    test('gives 100 tasks when no limit is asked for', async () => {
      await store.insert(Array.from({ length: 150 }, (_, i) => task(`bulk-${i}`, { dueAt: T0 + 10 * MINUTE + i })));
      const listed = await queries.list({});
      expect(listed).toHaveLength(100);
      expect(listed[0]?.taskId).toBe('bulk-149');
    });
  });

  describe('deletePending', () => {
    beforeEach(async () => {
      await store.insert([
        task('mtg-1', { fullName: 'tasks.MeetingReminder', origin: 'dateField', rowId: '1' }),
        task('mtg-2', { fullName: 'tasks.MeetingReminder', origin: 'dateField', rowId: '2' }),
        task('sync-1', { origin: 'series' }),
        task('manual-1', { dueAt: T0 + MINUTE }),
      ]);
    });

    test('removes the pending tasks of one row and says which', async () => {
      expect(await store.deletePending({ fullName: 'tasks.MeetingReminder', rowId: '2' })).toEqual(['mtg-2']);
      expect(await queries.get('mtg-2')).toBeNull();
      expect(await queries.get('mtg-1')).not.toBeNull();
    });

    test('removes by origin, or by ids, and never a running task', async () => {
      await store.claimDue(T0, 1, 'w1', LEASE); // mtg-1, the first inserted
      expect(await store.deletePending({ origin: 'dateField' })).toEqual(['mtg-2']);
      expect(await store.deletePending({ taskIds: ['mtg-1', 'manual-1', 'ghost'] })).toEqual(['manual-1']);
      expect(await store.deletePending({ taskIds: [] })).toEqual([]);
      expect(await queries.countByStatus()).toEqual({ running: 1, pending: 1 });
    });

    test('keeps the history of a removed task', async () => {
      await store.recordSkipped({ taskId: 'sync-1', attempt: 1, at: T0 + 5, workerId: null, message: 'missed while down' });
      await store.deletePending({ taskIds: ['sync-1'] });
      expect(await queries.history('sync-1')).toEqual([
        { taskId: 'sync-1', attempt: 1, event: 'skipped', at: T0 + 5, workerId: null, message: 'missed while down' },
      ]);
    });
  });

  describe('date-field rows: syncRowTasks', () => {
    /** The reminder of meeting `rowId`, due at `dueAt`, with the row as its argument. */
    const reminder = (taskId: string, rowId: string, dueAt = T0, rowData: JsonObject = { id: Number(rowId) }): NewTask =>
      task(taskId, {
        fullName: 'tasks.MeetingReminder',
        taskType: 'tasks.DateFieldType',
        origin: 'dateField',
        rowId,
        dueAt,
        argDict: { rowData },
      });
    const change = (rowId: string, wanted: NewTask | null) => ({ fullName: 'tasks.MeetingReminder', rowId, task: wanted });
    const pendingOf = async (rowId: string): Promise<string[]> =>
      (await queries.list({ fullName: 'tasks.MeetingReminder', rowId, status: 'pending' })).map((row) => row.taskId);

    test('a row without a task gets the one given; one with an equal task keeps it, untouched', async () => {
      const first = await store.syncRowTasks([change('1', reminder('r1', '1'))]);
      expect(first.removed).toEqual([]);
      expect(first.written.map((row) => [row.taskId, row.rowId, row.origin, row.status])).toEqual([['r1', '1', 'dateField', 'pending']]);

      // The same data again (a new task id, as a caller builds one each time): nothing changes.
      expect(await store.syncRowTasks([change('1', reminder('r1-again', '1'))])).toEqual({ removed: [], written: [] });
      expect(await pendingOf('1')).toEqual(['r1']);
    });

    test('a moved date, a changed row or a null task replaces or removes the pending task, in one call for many rows', async () => {
      await store.insert([reminder('r1', '1'), reminder('r2', '2'), reminder('r3', '3')]);
      const result = await store.syncRowTasks([
        change('1', reminder('r1-moved', '1', T0 + MINUTE)),
        change('2', reminder('r2-renamed', '2', T0, { id: 2, title: 'renamed' })),
        change('3', null),
        change('4', null),
      ]);
      expect(result.removed.sort()).toEqual(['r1', 'r2', 'r3']);
      expect(result.written.map((row) => row.taskId)).toEqual(['r1-moved', 'r2-renamed']);
      expect(await pendingOf('1')).toEqual(['r1-moved']);
      expect((await queries.get('r2-renamed'))?.argDict).toEqual({ rowData: { id: 2, title: 'renamed' } });
      expect(await pendingOf('3')).toEqual([]);
    });

    test('only pending tasks are replaced: a running one of the row is left to end', async () => {
      await store.insert([reminder('r1', '1')]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      const result = await store.syncRowTasks([change('1', reminder('r1-next', '1', T0 + MINUTE))]);
      expect(result).toMatchObject({ removed: [], written: [{ taskId: 'r1-next' }] });
      expect((await queries.get('r1'))?.status).toBe('running');
    });

    test('a task the database refuses (a repeated id) writes none of the changes', async () => {
      await store.insert([reminder('r1', '1'), task('m1')]);
      expect(isJitError(await rejection(store.syncRowTasks([change('1', null), change('2', reminder('m1', '2'))])), 'DATABASE_ERROR')).toBe(
        true,
      );
      expect(await pendingOf('1')).toEqual(['r1']);
    });

    test('the next occurrence of a yearly row task is not written when the row got a newer pending task meanwhile', async () => {
      await store.insert([reminder('r1', '1'), reminder('r2', '2')]);
      await store.claimDue(T0, 2, 'w1', LEASE);
      // While r1 runs, its row moves: the row gets a pending task from its new data.
      await store.syncRowTasks([change('1', reminder('r1-moved', '1', T0 + MINUTE))]);

      const ended = await finish(
        await held('r1'),
        'w1',
        { status: 'completed' },
        T0 + 10,
        reminder('r1-next-year', '1', T0 + 365 * 24 * 60 * MINUTE),
      );
      expect(ended).toEqual({ finished: true, next: null });
      expect(await pendingOf('1')).toEqual(['r1-moved']);
      const forced = await store.forceEnd('r2', T0 + 20, reminder('r2-next-year', '2', T0 + 365 * 24 * 60 * MINUTE));
      expect(forced.next).toMatchObject({ taskId: 'r2-next-year', rowId: '2' });
    });
  });

  test('template fingerprints are recorded, replaced and forgotten', async () => {
    expect(await queries.templateFingerprints()).toEqual(new Map());
    await store.setTemplateFingerprint('tasks.MeetingReminder', 'v1', T0);
    await store.setTemplateFingerprint('tasks.Birthday', 'b1', T0);
    await store.setTemplateFingerprint('tasks.MeetingReminder', 'v2', T0 + 1);
    expect(await queries.templateFingerprints()).toEqual(
      new Map([
        ['tasks.MeetingReminder', 'v2'],
        ['tasks.Birthday', 'b1'],
      ]),
    );
    await store.setTemplateFingerprint('tasks.Birthday', null, T0 + 2);
    expect(await queries.templateFingerprints()).toEqual(new Map([['tasks.MeetingReminder', 'v2']]));
  });

  test('countByStatus counts every status present', async () => {
    await store.insert([task('a'), task('b'), task('c'), task('d', { dueAt: T0 + MINUTE })]);
    await store.claimDue(T0, 3, 'w1', LEASE);
    await finish(await held('a'), 'w1', { status: 'completed' }, T0 + 1);
    await finish(await held('b'), 'w1', { status: 'error', error: { message: 'x' } }, T0 + 1);
    expect(await queries.countByStatus()).toEqual({ completed: 1, error: 1, running: 1, pending: 1 });
  });

  test("a database failure surfaces as DATABASE_ERROR naming the database, with the driver's reason", async () => {
    await store.insert([task('t1')]);
    await opened.close();
    const err = await rejection(queries.get('t1'));
    expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
    expect((err as Error).message).toContain(`could not read a task in ${opened.location}: `);
    expect((err as Error).message).toMatch(backend.closedReason);
  });

  describe('paused templates', () => {
    test("a paused template's due tasks stay pending and are not claimed, others' are; after resume they are claimed", async () => {
      await store.insert([
        task('paused-1', { fullName: 'tasks.Paused' }),
        occurrence('paused-2', T0 - MINUTE, 'tasks.Paused'),
        task('other', { dueAt: T0 + 1 }),
      ]);
      expect(await store.pauseTemplate('tasks.Paused', T0)).toBe(true);
      expect(await store.pauseTemplate('tasks.Paused', T0 + 1)).toBe(false);
      expect(await queries.pausedTemplates()).toEqual(new Map([['tasks.Paused', T0]]));

      // The scheduler sleeps until the next due time: a paused task overdue must not keep waking it.
      expect(await queries.nextDueAt()).toBe(T0 + 1);
      expect((await store.claimDue(T0 + MINUTE, 10, 'w1', LEASE)).map((r) => r.taskId)).toEqual(['other']);
      expect(await queries.get('paused-1')).toMatchObject({ status: 'pending' });

      expect(await store.resumeTemplate('tasks.Paused')).toBe(true);
      expect(await store.resumeTemplate('tasks.Paused')).toBe(false);
      expect(await queries.nextDueAt()).toBe(T0 - MINUTE);
      expect((await store.claimDue(T0 + MINUTE, 10, 'w1', LEASE)).map((r) => r.taskId)).toEqual(['paused-2', 'paused-1']);
    });

    test('a pause made over one connection holds for the claims of another, as for another process', async () => {
      const other = await backend.open();
      try {
        await store.insert([task('t1', { fullName: 'tasks.Paused' })]);
        await other.store.pauseTemplate('tasks.Paused', T0);
        expect(await store.claimDue(T0, 10, 'w1', LEASE)).toEqual([]);
        expect(await queries.pausedTemplates()).toEqual(new Map([['tasks.Paused', T0]]));
        await other.store.resumeTemplate('tasks.Paused');
        expect(await store.claimDue(T0, 10, 'w1', LEASE)).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  });

  describe('page', () => {
    const ids = async (filter: Parameters<TaskQueries['page']>[0]): Promise<string[]> =>
      (await queries.page(filter)).rows.map((r) => r.taskId);

    test('pages through 10,000 tasks newest due first, ties latest inserted first, with no duplicates and no gaps', async () => {
      // Ten tasks share each due time, and the ids do not sort like the listing: the key is the due
      // time and the insertion order, nothing else.
      const tasks = Array.from({ length: 10_000 }, (_, i) =>
        task(`t${String(9999 - i).padStart(5, '0')}`, { dueAt: T0 + Math.floor(i / 10) * 1000 }),
      );
      await store.insert(tasks);
      const expected = tasks.map((t) => t.taskId).reverse();
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; ; pages++) {
        const page = await queries.page({ limit: 200, cursor });
        seen.push(...page.rows.map((r) => r.taskId));
        if (pages === 10) await store.insert([task('newer', { dueAt: T0 + 10 * 24 * 3600_000 })]); // a new first row: later pages do not shift
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expected);
      expect((await queries.page({ limit: 1 })).rows[0]?.taskId).toBe('newer');
    });

    test('the last page says there is no next one, also when it is exactly full', async () => {
      await store.insert([task('a', { dueAt: T0 }), task('b', { dueAt: T0 + 1 })]);
      expect(await queries.page({ limit: 2 })).toMatchObject({ nextCursor: null });
      const first = await queries.page({ limit: 1 });
      expect(first.rows.map((r) => r.taskId)).toEqual(['b']);
      expect(await queries.page({ limit: 1, cursor: first.nextCursor! })).toMatchObject({ rows: [{ taskId: 'a' }], nextCursor: null });
      expect(await queries.page({ limit: 5, status: 'error' })).toEqual({ rows: [], nextCursor: null });
    });

    test('filters by status, template, row and due range, each page by key', async () => {
      await store.insert([
        task('a1', { fullName: 'tasks.A', dueAt: T0 }),
        task('a2', { fullName: 'tasks.A', dueAt: T0 + MINUTE }),
        task('b1', { fullName: 'tasks.B', dueAt: T0 + 2 * MINUTE, origin: 'dateField', rowId: '7' }),
        task('b2', { fullName: 'tasks.B', dueAt: T0 + 3 * MINUTE, origin: 'dateField', rowId: '8' }),
      ]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      await finish(await held('a1'), 'w1', { status: 'error', error: { message: 'no' } }, T0 + 1);

      expect(await ids({ limit: 10, status: 'error' })).toEqual(['a1']);
      expect(await ids({ limit: 10, status: 'pending' })).toEqual(['b2', 'b1', 'a2']);
      expect(await ids({ limit: 10, fullName: 'tasks.B' })).toEqual(['b2', 'b1']);
      expect(await ids({ limit: 10, rowId: '7' })).toEqual(['b1']);
      expect(await ids({ limit: 10, from: T0 + MINUTE, to: T0 + 2 * MINUTE })).toEqual(['b1', 'a2']);
      const first = await queries.page({ limit: 1, fullName: 'tasks.A' });
      expect(await ids({ limit: 10, fullName: 'tasks.A', cursor: first.nextCursor! })).toEqual(['a1']);
    });

    test('a search text matches a task id prefix or text inside argDict, in any case, wildcards taken literally', async () => {
      await store.insert([
        task('0190abcd-1', { argDict: { customer: 'Alice Smith' } }),
        task('0190ffff-2', { argDict: { customer: 'Bob', note: '100%_sure' } }),
        task('x-0190abcd', { argDict: {} }),
      ]);
      expect(await ids({ limit: 10, q: '0190AB' })).toEqual(['0190abcd-1']);
      expect(await ids({ limit: 10, q: 'alice' })).toEqual(['0190abcd-1']);
      expect(await ids({ limit: 10, q: '0%_s' })).toEqual(['0190ffff-2']);
      expect(await ids({ limit: 10, q: '%' })).toEqual(['0190ffff-2']);
    });

    test.each(['not a cursor', Buffer.from('[1]').toString('base64url'), ''])(
      'a cursor it did not make (%j) is API_PARAMS_ERROR naming it',
      async (cursor) => {
        const err = await rejection(queries.page({ limit: 10, cursor }));
        expect(isJitError(err, 'API_PARAMS_ERROR')).toBe(true);
        expect(isJitError(err) && err.details).toEqual({ argument: 'cursor' });
      },
    );
  });

  describe('what the dashboard reads', () => {
    test("templateRuns gives each template's next due time and its latest ended task", async () => {
      await store.insert([
        task('a1', { fullName: 'tasks.A', dueAt: T0 }),
        task('a2', { fullName: 'tasks.A', dueAt: T0 + MINUTE }),
        task('a3', { fullName: 'tasks.A', dueAt: T0 + 2 * MINUTE }),
      ]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      await finish(await held('a1'), 'w1', { status: 'completed' }, T0 + 5);
      const runs = await queries.templateRuns(['tasks.A', 'tasks.None']);
      expect(runs.get('tasks.A')).toMatchObject({ nextDueAt: T0 + MINUTE, last: { taskId: 'a1', status: 'completed', endedAt: T0 + 5 } });
      expect(runs.get('tasks.None')).toEqual({ nextDueAt: null, last: null });
    });

    test('runsPerMinute counts runs and failures per minute with the 95th percentile of lateness', async () => {
      // Minute 0: 20 runs, started 0..19 s late; one fails. Minute 2: one timeout.
      await store.insert(Array.from({ length: 20 }, (_, i) => task(`m${i}`, { dueAt: T0 - i * 1000 })));
      const claimed = await store.claimDue(T0 + 30_000, 20, 'w1', LEASE);
      await finish(tokenOf(claimed[0]!), 'w1', { status: 'error', error: { message: 'x' } }, T0 + 40_000);
      await store.insert([task('late', { dueAt: T0 + 2 * MINUTE })]);
      const [late] = await store.claimDue(T0 + 2 * MINUTE, 1, 'w1', LEASE);
      await finish(tokenOf(late!), 'w1', { status: 'timeout' }, T0 + 2 * MINUTE + 1);

      const minutes = await queries.runsPerMinute(T0 - MINUTE);
      // Lateness 30..49 s: the 19th of 20 (nearest rank of 95 %) is 48 s.
      expect(minutes).toEqual([
        { minute: T0, runs: 20, failures: 1, latenessMsP95: 48_000 },
        { minute: T0 + 2 * MINUTE, runs: 1, failures: 1, latenessMsP95: 0 },
      ]);
      expect(await queries.runsPerMinute(T0 + MINUTE)).toEqual([{ minute: T0 + 2 * MINUTE, runs: 1, failures: 1, latenessMsP95: 0 }]);
    });

    test("historySince hands on what happened after the last entry it gave, with each task's template and status", async () => {
      expect(await queries.historySince(null, 100)).toEqual({ lastId: null, changes: [] });
      await store.insert([task('t1'), task('t2')]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      const start = await queries.historySince(null, 100);
      expect(start.changes).toEqual([]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      await finish(await held('t2'), 'w1', { status: 'completed' }, T0 + 1);
      const next = await queries.historySince(start.lastId, 100);
      expect(next.changes).toEqual([
        { taskId: 't2', fullName: 'tasks.DailySync', status: 'completed' },
        { taskId: 't2', fullName: 'tasks.DailySync', status: 'completed' },
      ]);
      expect(await queries.historySince(next.lastId, 100)).toEqual({ lastId: next.lastId, changes: [] });
    });
  });

  describe('across connections, as separate processes have', () => {
    test('pending and running tasks survive a restart', async () => {
      await store.insert([occurrence('sync-1', T0), task('later', { dueAt: T0 + MINUTE, argDict: { n: 1 } })]);
      await store.claimDue(T0, 1, 'w1', LEASE);
      await opened.close();

      opened = await backend.open();
      const second = opened.store;
      expect(await opened.queries.get('later')).toMatchObject({ status: 'pending', argDict: { n: 1 } });
      expect(await opened.queries.nextDueAt()).toBe(T0 + MINUTE);
      expect(await opened.queries.expiredLeases(await lapse(LEASE + 1000))).toMatchObject([{ taskId: 'sync-1', workerId: 'w1' }]);
      expect(await second.insert([occurrence('sync-2', T0 + MINUTE)])).toHaveLength(1);
      expect(await second.insert([occurrence('sync-3', T0 + 2 * MINUTE)])).toEqual([]);
    });

    test('two connections taking turns never claim the same task', async () => {
      const other = await backend.open();
      try {
        await store.insert(Array.from({ length: 200 }, (_, i) => task(`t${i}`)));
        const seen = new Set<string>();
        for (;;) {
          const claimed = [...(await store.claimDue(T0, 16, 'wa', LEASE)), ...(await other.store.claimDue(T0, 16, 'wb', LEASE))];
          if (claimed.length === 0) break;
          for (const row of claimed) {
            expect(seen.has(row.taskId)).toBe(false);
            seen.add(row.taskId);
          }
        }
        expect(seen.size).toBe(200);
      } finally {
        await other.close();
      }
    });
  });
}
