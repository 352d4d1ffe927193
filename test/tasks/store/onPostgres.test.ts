import { PgDatabase } from '../../../src/db/PgDatabase';
import { isJitError } from '../../../src/errors/JitError';
import { createTaskStore } from '../../../src/tasks/store/openTaskStore';
import { taskQueriesOn } from '../../../src/tasks/queries/openTaskQueries';
import { tokenOf } from '../../../src/tasks/TaskRecord';
import { describePg, runSql } from '../../support/pg';
import { LEASE, MINUTE, T0, task, taskStoreContract } from './taskStoreContract';

/** Resolves with the next values `onDue` receives, `count` of them. */
class DueCalls {
  private readonly seen: number[] = [];
  private waiter: { count: number; resolve: (values: number[]) => void } | null = null;

  readonly onDue = (dueAt: number): void => {
    this.seen.push(dueAt);
    if (this.waiter && this.seen.length >= this.waiter.count) {
      this.waiter.resolve(this.seen.splice(0, this.waiter.count));
      this.waiter = null;
    }
  };

  next(count = 1): Promise<number[]> {
    if (this.seen.length >= count) return Promise.resolve(this.seen.splice(0, count));
    return new Promise((resolve) => {
      this.waiter = { count, resolve };
    });
  }
}

describePg('the task store and read model on PostgreSQL', ({ url }) => {
  const databases: PgDatabase[] = [];
  /** A database handle of its own, as another process would have; closed after the test. */
  const connect = (poolSize?: number): PgDatabase => {
    const db = new PgDatabase({ url, poolSize });
    databases.push(db);
    return db;
  };
  beforeEach(async () => {
    // Every test starts from an empty schema, so sequences (insertion order) start over too.
    await runSql(
      url,
      'DROP TABLE IF EXISTS jittask_tasks, jittask_task_history, jittask_template_state, jittask_workers, jittask_paused_templates, jittask_schema_version',
    );
  });
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((db) => db.close()));
  });

  describe('the TaskStore contract', () => {
    let lapsed = 0;
    taskStoreContract({
      async open() {
        lapsed = 0;
        const db = connect();
        const store = createTaskStore(db);
        return {
          store,
          queries: taskQueriesOn(db),
          location: db.url,
          async close() {
            await store.close();
            await db.close();
          },
        };
      },
      closedReason: /Cannot use a pool after calling end on the pool$/,
      leaseClock: 'server',
      // The server's clock cannot be moved: the leases it judges are moved back instead.
      async lapse(_opened, ms) {
        await runSql(url, `UPDATE jittask_tasks SET lease_until = lease_until - ${ms} WHERE lease_until IS NOT NULL`);
        lapsed += ms;
        return lapsed;
      },
    });
  });

  test('a store connects and migrates on its first call, not when it is created', async () => {
    const unreachable = taskQueriesOn(new PgDatabase({ url: 'postgres://nobody:secret@127.0.0.1:1/none' }));
    // Created without a server: nothing was tried yet.
    const err = await unreachable.get('t1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(/^Cannot open database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  });

  test('two processes claiming at once with many concurrent calls never get one task twice', async () => {
    const dbA = connect(8);
    const a = createTaskStore(dbA);
    const b = createTaskStore(connect(8));
    await a.insert(Array.from({ length: 2000 }, (_, i) => task(`t${i}`, { dueAt: T0 + (i % 7) })));

    const claims = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).claimDue(T0 + 10, 64, i % 2 === 0 ? 'wa' : 'wb', LEASE));
    const rounds = await Promise.all(claims);

    const ids = rounds.flat().map((row) => row.taskId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    // What was not claimed is still pending: nothing lost between the two.
    expect(await taskQueriesOn(dbA).countByStatus()).toEqual(
      ids.length === 2000 ? { running: 2000 } : { running: ids.length, pending: 2000 - ids.length },
    );
    for (const rows of rounds) {
      const dueTimes = rows.map((row) => row.dueAt);
      expect(dueTimes).toEqual([...dueTimes].sort((x, y) => x - y));
    }
  });

  test('a batch of 25,000 tasks spans several statements yet is one transaction', async () => {
    const db = connect();
    const store = createTaskStore(db);
    const queries = taskQueriesOn(db);
    const batch = Array.from({ length: 25_000 }, (_, i) => task(`bulk-${i}`, { dueAt: T0 + i }));
    await expect(store.insert([...batch, task('bulk-3')])).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    expect(await queries.countByStatus()).toEqual({});

    const written = await store.insert(batch);
    expect(written).toHaveLength(25_000);
    expect(written[24_999]).toMatchObject({ taskId: 'bulk-24999', dueAt: T0 + 24_999, status: 'pending' });
    expect(await queries.countByStatus()).toEqual({ pending: 25_000 });
    expect((await store.claimDue(T0 + 1, 10, 'w1', LEASE)).map((row) => row.taskId)).toEqual(['bulk-0', 'bulk-1']);
  });

  test('a series occurrence that a later chunk repeats is skipped there too', async () => {
    const db = connect();
    const store = createTaskStore(db);
    const fillers = Array.from({ length: 10_000 }, (_, i) => task(`filler-${i}`));
    const written = await store.insert([
      task('sync-1', { origin: 'series' }),
      ...fillers,
      task('sync-2', { origin: 'series', dueAt: T0 + MINUTE }),
    ]);
    expect(written).toHaveLength(10_001);
    expect(written.some((row) => row.taskId === 'sync-2')).toBe(false);
    expect(await taskQueriesOn(db).get('sync-2')).toBeNull();
  });

  describe('listen', () => {
    test('wakes a listener in another process with the earliest due time of each committed write', async () => {
      const listening = createTaskStore(connect());
      const writer = createTaskStore(connect());
      const calls = new DueCalls();
      await listening.listen(calls.onDue);

      await writer.insert([task('late', { dueAt: T0 + 5 * MINUTE }), task('soon', { dueAt: T0 + MINUTE })]);
      expect(await calls.next()).toEqual([T0 + MINUTE]);

      // A next occurrence written with the end of a run wakes it too.
      const [claimed] = await writer.claimDue(T0 + MINUTE, 1, 'w1', LEASE);
      await writer.finishMany([
        {
          token: tokenOf(claimed!),
          workerId: 'w1',
          outcome: { status: 'completed' },
          now: T0 + MINUTE,
          next: task('again', { dueAt: T0 + 2 * MINUTE }),
          reaping: false,
        },
      ]);
      expect(await calls.next()).toEqual([T0 + 2 * MINUTE]);
      await listening.close();
    });

    test('a write that is rolled back wakes nobody', async () => {
      const listening = createTaskStore(connect());
      const writer = createTaskStore(connect());
      const calls = new DueCalls();
      await listening.listen(calls.onDue);

      await writer.insert([task('dup')]);
      expect(await calls.next()).toEqual([T0]);
      await expect(writer.insert([task('new', { dueAt: T0 - MINUTE }), task('dup')])).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
      await writer.insert([task('after', { dueAt: T0 + 3 * MINUTE })]);
      // Notifications arrive in commit order: had the failed write sent one, it would come first.
      expect(await calls.next()).toEqual([T0 + 3 * MINUTE]);
      await listening.close();
    });

    test('after unlisten, the listener hears nothing more', async () => {
      const listening = createTaskStore(connect());
      const writer = createTaskStore(connect());
      const calls = new DueCalls();
      const witness = new DueCalls();
      const unlisten = await listening.listen(calls.onDue);
      await listening.listen(witness.onDue);
      await unlisten();

      await writer.insert([task('t1')]);
      expect(await witness.next()).toEqual([T0]);
      expect(await Promise.race([calls.next(), Promise.resolve('nothing')])).toBe('nothing');
      await listening.close();
    });

    test('a dropped listener connection is opened again and still hears new tasks', async () => {
      const listening = createTaskStore(connect());
      const writerDb = connect(1);
      const writer = createTaskStore(writerDb);
      const calls = new DueCalls();
      await listening.listen(calls.onDue);
      await writer.insert([task('before', { dueAt: T0 + 5 * MINUTE })]);
      expect(await calls.next()).toEqual([T0 + 5 * MINUTE]);

      // Every other connection to the database is cut, the listener's among them.
      await writerDb.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );

      // Back on line, it reports the earliest pending task, since notifications sent while it
      // was away are lost; then it hears new ones again.
      expect(await calls.next()).toEqual([T0 + 5 * MINUTE]);
      await writer.insert([task('after', { dueAt: T0 + MINUTE })]);
      expect(await calls.next()).toEqual([T0 + MINUTE]);
      await listening.close();
    });

    test('listening on an unreachable server fails with DATABASE_ERROR', async () => {
      const store = createTaskStore(new PgDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' }));
      await expect(store.listen(() => {})).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    });
  });
});
