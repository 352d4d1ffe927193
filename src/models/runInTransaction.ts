import { databaseError } from '../db/databaseError';
import type { SqliteDatabase } from '../db/SqliteDatabase';
import { sqliteWriteTurns } from '../db/sqliteWriteTurns';

/**
 * Runs the async `fn` inside one SQLite transaction on `db`: commits when it resolves, rolls back
 * when it rejects (and rejects with the same error). better-sqlite3's own transactions are
 * synchronous and cannot span an `await`; this one can, which lets a model's row write and its
 * async `afterSave`/`afterDelete` hooks commit or fail together.
 *
 * Writers take turns on the connection ({@link sqliteWriteTurns}): callers outside a transaction
 * wait for the open one to end. Code that runs within `fn` (its whole async call tree) and calls
 * `runInTransaction` again joins the open transaction as a savepoint instead of waiting, so a hook
 * may write other models; such nested calls also take turns among themselves. The task store's
 * writes take the same turns: made within `fn` (a hook scheduling a task) they are part of this
 * transaction and commit or roll back with the row; made by other code meanwhile (the scheduler
 * claiming or ending a task) they wait until it has ended, so a rollback never undoes them.
 *
 * @throws JitError `DATABASE_ERROR` when the transaction cannot begin or commit.
 */
export async function runInTransaction<T>(db: SqliteDatabase, fn: () => Promise<T>): Promise<T> {
  return sqliteWriteTurns.enter(db, async (depth) => {
    const savepoint = `jittask_model_${depth}`;
    const sql = depth === 1
      ? { begin: 'BEGIN IMMEDIATE', commit: 'COMMIT', rollback: 'ROLLBACK' }
      : { begin: `SAVEPOINT ${savepoint}`, commit: `RELEASE ${savepoint}`, rollback: `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` };
    exec(db, sql.begin, 'begin a transaction');
    let result: T;
    try {
      result = await fn();
      exec(db, sql.commit, 'commit a transaction');
    } catch (err) {
      if (db.raw.inTransaction) exec(db, sql.rollback, 'roll back a transaction');
      throw err;
    }
    return result;
  });
}

function exec(db: SqliteDatabase, sql: string, action: string): void {
  try {
    db.raw.exec(sql);
  } catch (cause) {
    throw databaseError(`Could not ${action} in ${db.file}`, db.file, cause);
  }
}
