import type { Statement } from 'better-sqlite3';
import type { PgDatabase, PgQueryable } from '../../db/PgDatabase';
import type { SqliteDatabase } from '../../db/SqliteDatabase';
import { taskStoreError } from '../sql/taskStoreError';

/**
 * One operation of the task store's write path, both dialects side by side (each operation is a
 * module of src/tasks/store). Each side builds the operation's function once, from its database's
 * writer: SQLite prepares its statements there, so a call only runs them.
 */
export interface StoreOperation<F> {
  sqlite(db: SqliteWriter): F;
  postgres(db: PgWriter): F;
}

/**
 * What SQLite's operations write through: statements prepared once, run synchronously in one
 * IMMEDIATE transaction per write, in the caller's turn on the connection (`SqliteDatabase.write`),
 * the fastest path. Failures surface as `DATABASE_ERROR`.
 */
export class SqliteWriter {
  /** Prepared statements by SQL text: operations that share a statement share one. */
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(readonly db: SqliteDatabase) {}

  /**
   * The statement of `sql`, prepared on first use and kept. Statements on tables an older schema
   * lacks are prepared where they are run, not where the operation is built.
   */
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.raw.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }

  /**
   * Runs `fn` in one transaction in this caller's turn on the connection: inside a model
   * transaction of the caller (a hook), or after any such transaction of other code has ended, so
   * that a rollback there never undoes this write.
   */
  async write<T>(action: string, fn: () => T): Promise<T> {
    try {
      return await this.db.write(fn);
    } catch (cause) {
      throw taskStoreError(action, this.db.file, cause);
    }
  }

  /** Forgets the prepared statements (they go with the database). */
  close(): void {
    this.statements.clear();
  }
}

/**
 * What PostgreSQL's operations write through: one statement (all or nothing by itself), or a
 * transaction of several, joining the caller's open transaction as a savepoint. The database
 * connects and migrates on the first call. Failures surface as `DATABASE_ERROR`.
 */
export class PgWriter {
  constructor(readonly db: PgDatabase) {}

  /** Runs `fn`, its statements outside any transaction of the store's own. */
  async run<T>(action: string, fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    try {
      return await fn(this.db);
    } catch (cause) {
      throw taskStoreError(action, this.db.url, cause);
    }
  }

  /** Runs `fn` in one transaction (a savepoint of the caller's open one). */
  transaction<T>(action: string, fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    return this.run(action, (db) => this.db.transaction(() => fn(db)));
  }
}
