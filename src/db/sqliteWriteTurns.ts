import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqliteDatabase } from './SqliteDatabase';
import { takeTurn } from './takeTurn';

/** One level of writers on one database: outside any transaction (depth 0), the transaction (1), savepoints (2+). */
interface Level {
  depth: number;
  /** Settles when the last writer that queued on this level has finished. */
  tail: Promise<void>;
  /** False once the transaction or savepoint of this level has ended. */
  open: boolean;
  /** The level this one was opened in (undefined for the level outside any transaction). */
  parent?: Level;
}

/** The levels the current async call tree runs inside, per database. */
const scope = new AsyncLocalStorage<ReadonlyMap<SqliteDatabase, Level>>();
/** The level outside any transaction, per database: where top-level writers queue. */
const roots = new WeakMap<SqliteDatabase, Level>();

/**
 * Turn-taking of writers on one SQLite connection. One connection holds one transaction at a time,
 * and an async transaction (`runInTransaction`, which spans `await`s) leaves it open while other
 * code runs: any synchronous write made meanwhile on the connection would silently join it and be
 * rolled back with it. So every writer takes its turn here:
 *
 * - code running inside an open async transaction (its whole async call tree, tracked with
 *   AsyncLocalStorage) writes inside it, taking turns only with the transaction's other children;
 * - every other writer waits until no async transaction is open, then writes on its own.
 *
 * Callbacks that merely started inside a transaction and outlive it (a timer set by a hook) count
 * as outside once it has ended.
 */
export const sqliteWriteTurns = {
  /**
   * Runs the async `fn` as a new level inside the caller's current level on `db`, once it is the
   * caller's turn there: `fn` receives the new depth (1 for a transaction, 2+ for a savepoint) and
   * is expected to begin and end it. Writers inside `fn` join that level.
   */
  async enter<T>(db: SqliteDatabase, fn: (depth: number) => Promise<T>): Promise<T> {
    const parent = levelOf(db);
    const release = await takeTurn(parent);
    const level: Level = { depth: parent.depth + 1, tail: Promise.resolve(), open: true, parent };
    try {
      return await scope.run(new Map(scope.getStore()).set(db, level), () => fn(level.depth));
    } finally {
      level.open = false;
      release();
    }
  },

  /**
   * Runs the synchronous write `fn` on `db` when it is the caller's turn: at once inside the
   * caller's own open transaction (unless a savepoint of it is busy), else after every open async
   * transaction has ended.
   */
  async write<T>(db: SqliteDatabase, fn: () => T): Promise<T> {
    const release = await takeTurn(levelOf(db));
    try {
      return fn();
    } finally {
      release();
    }
  },

  /**
   * Runs `fn` as code outside every transaction, whatever the caller runs inside: for loops that
   * are woken from inside a transaction (a timer set by a hook) but must never write inside it.
   */
  detach<T>(fn: () => T): T {
    return scope.exit(fn);
  },
};

/** The innermost open level of the caller on `db`, or the level outside any transaction. */
function levelOf(db: SqliteDatabase): Level {
  let level = scope.getStore()?.get(db);
  while (level && !level.open) level = level.parent;
  return level ?? rootOf(db);
}

function rootOf(db: SqliteDatabase): Level {
  let root = roots.get(db);
  if (!root) {
    root = { depth: 0, tail: Promise.resolve(), open: true };
    roots.set(db, root);
  }
  return root;
}
