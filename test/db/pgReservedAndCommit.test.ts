import { PgDatabase } from '../../src/db/PgDatabase';
import { isOutcomeUnknown } from '../../src/db/isOutcomeUnknown';
import { ReservedConnections } from '../../src/db/ReservedConnections';
import { JitError } from '../../src/errors/JitError';
import { queryPg } from '../models/onPostgres';
import { describePg } from '../support/pg';
import { startPgCommitProxy } from '../support/pgCommitProxy';

/** A promise that a test opens when it likes. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Whether `promise` settles within 300 ms. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return settled;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describePg('PgDatabase: connections reserved for the scheduler, and a COMMIT whose answer is lost', (databases) => {
  const opened: PgDatabase[] = [];
  const open = (url: string, options: { poolSize?: number; reservedPoolSize?: number } = {}): PgDatabase => {
    const db = new PgDatabase({ url, ...options });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  /** Connections to the database at `url` other than the one asking. */
  const connections = async (url: string): Promise<number> =>
    Number(
      (
        await queryPg<{ n: string }>(
          url,
          'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        )
      )[0]!.n,
    );

  test('with every pooled connection held, a statement run as reserved is answered, and the others wait', async () => {
    const db = open(databases.url, { poolSize: 1 });
    await db.ready();
    const held = gate();
    const holding = db.transaction(() => held.wait);

    const waiting = db.query('SELECT 1 AS one');
    expect(await ReservedConnections.run(() => db.query<{ one: number }>('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    expect(await ReservedConnections.run(() => db.transaction(() => db.query<{ two: number }>('SELECT 2 AS two')))).toEqual([{ two: 2 }]);
    expect(await settlesSoon(waiting)).toBe(false);
    held.open();
    await holding;
    expect(await waiting).toEqual([{ one: 1 }]);
  });

  test('inside an open transaction, a statement run as reserved joins that transaction', async () => {
    const db = open(databases.url);
    await db.query('CREATE TABLE IF NOT EXISTS reserved_notes (text TEXT NOT NULL)');
    const seen = await db.transaction(async () => {
      await db.query('INSERT INTO reserved_notes VALUES ($1)', ['uncommitted']);
      return ReservedConnections.run(() => db.query<{ text: string }>('SELECT text FROM reserved_notes'));
    });
    expect(seen).toEqual([{ text: 'uncommitted' }]);
  });

  test('the reserved connections are opened when first used, and never more than reservedPoolSize', async () => {
    const url = await databases.create();
    const db = open(url, { poolSize: 3, reservedPoolSize: 2 });
    await Promise.all(Array.from({ length: 6 }, () => db.query('SELECT pg_sleep(0.1)')));
    expect(await connections(url)).toBe(3);
    let done = false;
    const reserved = ReservedConnections.run(() => Promise.all(Array.from({ length: 6 }, () => db.query('SELECT pg_sleep(0.3)'))));
    void reserved.finally(() => (done = true));
    let peak = 0;
    while (!done) peak = Math.max(peak, await connections(url));
    expect(peak).toBe(5);
  });

  test('a view runs every method call of its object as reserved, calling the method the object has at that moment', async () => {
    const target = {
      base: 40,
      probe(n: number): [boolean, number] {
        return [ReservedConnections.active(), this.base + n];
      },
    };
    const view = ReservedConnections.view(target);
    expect(view.probe(2)).toEqual([true, 42]);
    target.probe = () => [ReservedConnections.active(), 0];
    expect(view.probe(2)).toEqual([true, 0]);
    expect(view.base).toBe(40);
    expect(ReservedConnections.active()).toBe(false);
  });

  test('a COMMIT answered to nobody: DATABASE_ERROR saying the outcome is unknown, and the server did commit', async () => {
    const url = await databases.create();
    await queryPg(url, 'CREATE TABLE lost_notes (text TEXT NOT NULL)');
    const proxy = await startPgCommitProxy(url);
    try {
      const db = open(proxy.url);
      await db.ready();
      proxy.dropCommits(1);
      const err = await failure(db.transaction(() => db.query('INSERT INTO lost_notes VALUES ($1)', ['lost answer'])));

      expect(proxy.droppedCommits).toBe(1);
      expect(err).toBeInstanceOf(JitError);
      expect(err).toMatchObject({ code: 'DATABASE_ERROR', details: { outcome: 'unknown' } });
      expect((err as Error).message).toMatch(/Lost the answer to COMMIT in .*: the transaction may or may not have been committed/);
      expect(isOutcomeUnknown(err)).toBe(true);
      expect(await queryPg(url, 'SELECT text FROM lost_notes')).toEqual([{ text: 'lost answer' }]);
      // The pool has let the broken connection go: the next transaction gets a working one.
      await db.transaction(() => db.query('INSERT INTO lost_notes VALUES ($1)', ['next']));
      expect(await queryPg(url, 'SELECT text FROM lost_notes ORDER BY text')).toEqual([{ text: 'lost answer' }, { text: 'next' }]);
    } finally {
      await proxy.close();
    }
  });

  test('a COMMIT the server refuses rolled back: a plain DATABASE_ERROR, its outcome known', async () => {
    const db = open(databases.url);
    await db.query('CREATE TABLE IF NOT EXISTS deferred_notes (text TEXT UNIQUE DEFERRABLE INITIALLY DEFERRED)');
    const err = await failure(
      db.transaction(async () => {
        await db.query('INSERT INTO deferred_notes VALUES ($1)', ['twice']);
        await db.query('INSERT INTO deferred_notes VALUES ($1)', ['twice']);
      }),
    );
    expect(err).toMatchObject({ code: 'DATABASE_ERROR' });
    expect((err as Error).message).toMatch(/Could not commit a transaction in .*duplicate key value/);
    expect(isOutcomeUnknown(err)).toBe(false);
    expect(await db.query('SELECT text FROM deferred_notes')).toEqual([]);
  });
});
