import { AsyncLocalStorage } from 'node:async_hooks';
import { databaseError } from '../db/databaseError';
import type { SqliteDatabase } from '../db/SqliteDatabase';

/** One level of transaction on one database, and the queue its direct children take turns in. */
interface Level {
  /** 0: no transaction; 1: the transaction; 2 and more: savepoints inside it. */
  depth: number;
  /** Settles when the last child that queued has finished. */
  tail: Promise<void>;
}

/** The levels the current async call tree runs inside, per database. */
const current = new AsyncLocalStorage<ReadonlyMap<SqliteDatabase, Level>>();
/** The level outside any transaction, per database: where top-level writers queue. */
const roots = new WeakMap<SqliteDatabase, Level>();

/**
 * Runs the async `fn` inside one SQLite transaction on `db`: commits when it resolves, rolls back
 * when it rejects (and rejects with the same error). better-sqlite3's own transactions are
 * synchronous and cannot span an `await`; this one can, which lets a model's row write and its
 * async `afterSave`/`afterDelete` hooks commit or fail together.
 *
 * Because one connection can hold one transaction at a time, callers outside a transaction take
 * turns. Code that runs within `fn` (its whole async call tree, tracked with AsyncLocalStorage)
 * and calls `runInTransaction` again joins the open transaction as a savepoint instead of waiting,
 * so a hook may write other models; such nested calls also take turns among themselves.
 * Synchronous transactions made meanwhile on the same connection (the task store's) become
 * savepoints of this one, so they commit or roll back with it: work a hook does on the task store
 * of this database is atomic with the row write. Work that other code does on this connection
 * while `fn` awaits real I/O joins it too, so hooks should not wait on the network.
 *
 * @throws JitError `DATABASE_ERROR` when the transaction cannot begin or commit.
 */
export async function runInTransaction<T>(db: SqliteDatabase, fn: () => Promise<T>): Promise<T> {
  const levels = current.getStore();
  const parent = levels?.get(db) ?? rootOf(db);
  const release = await takeTurn(parent);
  const level: Level = { depth: parent.depth + 1, tail: Promise.resolve() };
  const savepoint = `jittask_model_${level.depth}`;
  const sql = level.depth === 1
    ? { begin: 'BEGIN IMMEDIATE', commit: 'COMMIT', rollback: 'ROLLBACK' }
    : { begin: `SAVEPOINT ${savepoint}`, commit: `RELEASE ${savepoint}`, rollback: `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` };
  try {
    exec(db, sql.begin, 'begin a transaction');
    let result: T;
    try {
      result = await current.run(new Map(levels).set(db, level), fn);
      exec(db, sql.commit, 'commit a transaction');
    } catch (err) {
      if (db.raw.inTransaction) exec(db, sql.rollback, 'roll back a transaction');
      throw err;
    }
    return result;
  } finally {
    release();
  }
}

function rootOf(db: SqliteDatabase): Level {
  let root = roots.get(db);
  if (!root) {
    root = { depth: 0, tail: Promise.resolve() };
    roots.set(db, root);
  }
  return root;
}

/** Waits until the callers queued before on `level` are done; the answer ends this caller's turn. */
async function takeTurn(level: Level): Promise<() => void> {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = level.tail;
  level.tail = before.then(() => done);
  await before;
  return release;
}

function exec(db: SqliteDatabase, sql: string, action: string): void {
  try {
    db.raw.exec(sql);
  } catch (cause) {
    throw databaseError(`Could not ${action} in ${db.file}`, db.file, cause);
  }
}
