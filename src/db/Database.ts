import type { SqlDialect } from './SqlDialect';

/**
 * An open database with jittask's schema applied, whatever its kind: what code above `src/db`
 * (task stores, model tables) writes through. Code that needs one kind's own powers (SQLite's
 * synchronous statements, PostgreSQL's `LISTEN`) picks the implementation by {@link dialect}.
 *
 * Transactions are ambient: within {@link transaction}'s function (its whole async call tree),
 * {@link query} and a nested {@link transaction} join the open transaction, the nested one as a
 * savepoint. So code that knows nothing of its caller's transaction, such as the task store called
 * from a model's hook, commits or rolls back with it.
 */
export interface Database {
  /** Which SQL the database speaks. */
  readonly dialect: SqlDialect;
  /** The file or URL (without password) the database was opened from: its name in messages. */
  readonly name: string;
  /**
   * Runs one statement, in the caller's transaction if it is within one, and returns its rows.
   * A failed statement rejects with the driver's error: the caller knows what it was doing and
   * wraps it (see `databaseError`).
   */
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it rejects (with the
   * same error). Called within an open transaction, `fn` runs in a savepoint of it instead, after
   * the transaction's other work in progress; its failure undoes only the savepoint.
   *
   * @throws JitError `DATABASE_ERROR` when the transaction cannot begin or commit.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** True when called within an open transaction of this database: its queries join that transaction. */
  isInTransaction(): boolean;
  /**
   * Runs `fn` with the current async call tree outside every open transaction: for work started
   * from inside a transaction that must not join it (a timer set by a model's hook).
   */
  detach<T>(fn: () => T): T;
  /**
   * Calls `onNotify` with the payload of every notification on `channel` sent by any process;
   * absent where the database cannot tell. `onReconnect` is called when a lost connection is back,
   * since notifications sent meanwhile were lost.
   *
   * @returns A function that stops listening ({@link close} does too).
   */
  listen?(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /**
   * Throws when the database still answers but can no longer keep what is written to it: a SQLite
   * file removed or replaced under the open connection. Write transactions check it themselves;
   * readiness asks it. Absent where that cannot happen (PostgreSQL).
   *
   * @throws JitError `DATABASE_ERROR` saying what became of the storage.
   */
  assertIntact?(): void;
  /** Closes the database once the running work ends; later calls do nothing. */
  close(): Promise<void>;
}
