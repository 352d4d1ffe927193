import { PgDatabase } from '../../src/db/PgDatabase';
import { migrations } from '../../src/db/migrations';
import { isJitError } from '../../src/errors/JitError';
import { taskQueriesOn } from '../../src/tasks/queries/openTaskQueries';
import { createTaskStore } from '../../src/tasks/store/openTaskStore';
import { describePg, PG_URL, runSql } from '../support/pg';
import { addPriority, brokenStep, firstStep } from './exampleMigrations';
import { describeTransactions } from './transactionContract';

describePg('PgDatabase', (databases) => {
  const opened: PgDatabase[] = [];
  /** A database handle closed after the test, as each process of an app would open one. */
  const open = (url: string, options: Partial<ConstructorParameters<typeof PgDatabase>[0]> = {}): PgDatabase => {
    const db = new PgDatabase({ url, ...options });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  const versions = (db: PgDatabase): Promise<unknown[]> => db.query('SELECT version, name FROM jittask_schema_version ORDER BY version');

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (err) {
      return err;
    }
    throw new Error('expected a rejection');
  }

  describe('migrations', () => {
    test('a new database gets every step, each recorded with the time it was applied', async () => {
      const db = open(await databases.create());
      expect(await db.ready()).toBe(migrations.length);
      const rows = await db.query<{ version: number; name: string; applied_at: string }>(
        'SELECT version, name, applied_at FROM jittask_schema_version ORDER BY version',
      );
      expect(rows.map((row) => [row.version, row.name])).toEqual(migrations.map((step) => [step.version, step.name]));
      for (const row of rows) expect(Number(row.applied_at)).toBeGreaterThan(Date.UTC(2024, 0, 1));
    });

    test('four processes starting together on a fresh database apply each step once, none failing', async () => {
      const url = await databases.create();
      // addPriority fails if applied twice (its column would exist already).
      const starting = Array.from({ length: 4 }, () => open(url, { migrations: [firstStep, addPriority] }));

      expect(await Promise.all(starting.map((db) => db.ready()))).toEqual([2, 2, 2, 2]);
      expect(await versions(open(url, { migrations: [firstStep, addPriority] }))).toEqual([
        { version: 1, name: firstStep.name },
        { version: 2, name: addPriority.name },
      ]);
    });

    test('a database made by an older version is upgraded in place, its tasks kept', async () => {
      const url = await databases.create();
      const old = open(url, { migrations: [firstStep] });
      await createTaskStore(old).insert([
        {
          taskId: 'kept',
          fullName: 'tasks.Sync',
          taskType: 'tasks.NormalType',
          funcName: 'services.Sync.run',
          argDict: { full: true },
          dueAt: 1_700_000_000_000,
          origin: 'manual',
          createdAt: 1_690_000_000_000,
          attempt: 1,
        },
      ]);
      expect(await old.ready()).toBe(1);
      await old.close();

      const upgraded = open(url, { migrations: [firstStep, addPriority] });
      expect(await upgraded.ready()).toBe(2);
      expect(await taskQueriesOn(upgraded).get('kept')).toMatchObject({
        status: 'pending',
        argDict: { full: true },
        dueAt: 1_700_000_000_000,
      });
      expect(await upgraded.query("SELECT priority FROM jittask_tasks WHERE task_id = 'kept'")).toEqual([{ priority: 0 }]);
    });

    test('a database from a newer jittask is refused with DATABASE_ERROR and left untouched', async () => {
      const url = await databases.create();
      await open(url, { migrations: [firstStep, addPriority] }).ready();

      const err = await failure(open(url, { migrations: [firstStep] }).ready());
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      if (!isJitError(err)) return;
      expect(err.file).toBe(url);
      expect(err.message).toMatch(/schema version 2, newer than the 1/);
      expect(await versions(open(url, { migrations: [firstStep, addPriority] }))).toHaveLength(2);
    });

    test('the store of a database from a newer jittask refuses every call', async () => {
      const url = await databases.create();
      await open(url).ready();
      await runSql(
        url,
        `INSERT INTO jittask_schema_version (version, name, applied_at) VALUES (${migrations.length + 1}, 'from the future', 0)`,
      );

      const db = open(url);
      const store = createTaskStore(db);
      await expect(taskQueriesOn(db).nextDueAt()).rejects.toMatchObject({
        code: 'DATABASE_ERROR',
        message: expect.stringMatching(/newer than/),
      });
      await expect(store.insert([])).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    });

    test('a step that fails leaves the database at the previous version with none of the step applied', async () => {
      const url = await databases.create();
      await open(url, { migrations: [firstStep] }).ready();

      const err = await failure(open(url, { migrations: [firstStep, brokenStep] }).ready());
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect((err as Error).message).toContain('migration 2 (broken step)');
      expect((err as Error).message).toMatch(/relation "no_such_table" does not exist$/);

      const db = open(url, { migrations: [firstStep] });
      expect(await db.ready()).toBe(1);
      expect(await db.query("SELECT to_regclass('jittask_half_done') AS t")).toEqual([{ t: null }]);
    });
  });

  describe('connecting', () => {
    test('an unreachable server is DATABASE_ERROR naming the URL without its password', async () => {
      const err = await failure(open('postgres://app:s3cret@127.0.0.1:1/jittask').query('SELECT 1'));
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      if (!isJitError(err)) return;
      expect(err.message).toMatch(/^Cannot open database postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/jittask: .*ECONNREFUSED/);
      expect(err.file).toBe('postgres://app:***@127.0.0.1:1/jittask');
      expect(err.message).not.toContain('s3cret');
    });

    test('after a failed start, the next call tries again (the database came up meanwhile)', async () => {
      const url = await databases.create();
      const name = new URL(url).pathname.slice(1);
      await runSql(PG_URL, `DROP DATABASE ${name}`);
      const db = open(url);

      await expect(db.query('SELECT 1 AS one')).rejects.toMatchObject({
        code: 'DATABASE_ERROR',
        message: expect.stringMatching(/does not exist$/),
      });
      await runSql(PG_URL, `CREATE DATABASE ${name}`);
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await db.ready()).toBe(migrations.length);
    });

    test('close can be called twice', async () => {
      const db = open(databases.url);
      await db.ready();
      await db.close();
      await expect(db.close()).resolves.toBeUndefined();
    });
  });

  describe('transaction', () => {
    let db: PgDatabase;
    beforeEach(async () => {
      db = open(databases.url);
      await db.query('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)');
      await db.query('TRUNCATE notes');
    });
    const notes = async (): Promise<string[]> =>
      (await db.query<{ text: string }>('SELECT text FROM notes ORDER BY text')).map((row) => row.text);

    test('a transaction whose statement failed gives its connection back in a usable state', async () => {
      const small = open(databases.url, { poolSize: 1 });
      await expect(small.transaction(() => small.query('INSERT INTO no_such_table VALUES (1)'))).rejects.toMatchObject({ code: '42P01' });
      await small.transaction(() => small.query('INSERT INTO notes VALUES ($1)', ['after']));
      expect(await notes()).toEqual(['after']);
    });

    test('what another connection sees: nothing until commit; queries of the database inside the transaction join it', async () => {
      const other = open(databases.url);
      const seen: Record<string, string[]> = {};
      await db.transaction(async () => {
        await db.query('INSERT INTO notes VALUES ($1)', ['pending']);
        seen.joined = await notes();
        seen.other = (await other.query<{ text: string }>('SELECT text FROM notes')).map((row) => row.text);
        seen.detached = await db.detach(() => notes());
      });
      expect(seen).toEqual({ joined: ['pending'], other: [], detached: [] });
      expect(await notes()).toEqual(['pending']);
    });

    test('isInTransaction tells code whether its queries join an open transaction of that database', async () => {
      const other = open(databases.url);
      const inside = await db.transaction(async () => [
        db.isInTransaction(),
        other.isInTransaction(),
        db.detach(() => db.isInTransaction()),
      ]);
      expect(inside).toEqual([true, false, false]);
      expect(db.isInTransaction()).toBe(false);
    });
  });

  describe('the ambient transactions every database keeps', () => {
    describeTransactions(async () => {
      const db = open(databases.url, { poolSize: 2 });
      await db.query('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)');
      await db.query('TRUNCATE notes');
      return db;
    });
  });

  describe('a transaction opened inside an open one joins it as a savepoint', () => {
    let db: PgDatabase;
    beforeEach(async () => {
      db = open(databases.url, { poolSize: 2 });
      await db.query('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)');
      await db.query('TRUNCATE notes');
    });
    const notes = async (): Promise<string[]> =>
      (await db.query<{ text: string }>('SELECT text FROM notes ORDER BY text')).map((row) => row.text);
    const write = (text: string): Promise<unknown> => db.query('INSERT INTO notes VALUES ($1)', [text]);

    test('transactions of different async contexts run at the same time on connections of their own', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = db.transaction(async () => {
        await write('first');
        await gate;
      });
      // Would wait for the first forever if it joined it (it takes its turn after the first's end).
      await db.transaction(() => write('second'));
      expect(await notes()).toEqual(['second']);
      release();
      await first;
      expect(await notes()).toEqual(['first', 'second']);
    });

    test('a statement that failed and was caught outside a savepoint aborts the transaction: COMMIT is DATABASE_ERROR', async () => {
      const err = await failure(
        db.transaction(async () => {
          await write('lost');
          await db.query('INSERT INTO no_such_table VALUES (1)').catch(() => {});
        }),
      );
      expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
      expect((err as Error).message).toMatch(
        /^Could not commit a transaction in .*: a statement in it failed, so PostgreSQL rolled it back$/,
      );
      expect(await notes()).toEqual([]);
    });
  });
});
