import { taskSql } from '../sql/taskSql';
import { notifyDue } from './dueNotices';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/**
 * SQLite: due time, the run's token (the fencing rule), a lease bound (`storeSql.sqliteLeaseBound`).
 * The claim id stays: it tells a late result of the attempt that this retry replaced.
 */
const SQLITE_RETRY = `
  UPDATE jittask_tasks
  SET status = 'pending', due_at = ?, attempt = attempt + 1, started_at = NULL, worker_id = NULL, lease_until = NULL
  WHERE ${storeSql.heldByClaim(storeSql.sqliteToken)} AND lease_until < ?`;

/** PostgreSQL: the same, $5 reaping (only a lease lapsed by the server's clock). */
const PG_RETRY = `
  UPDATE jittask_tasks
  SET status = 'pending', due_at = $1, attempt = attempt + 1, started_at = NULL, worker_id = NULL, lease_until = NULL
  WHERE ${storeSql.heldByClaim({ taskId: '$2', claimId: '$3', attempt: '$4' })} AND (NOT $5 OR lease_until < ${taskSql.serverNow})
  RETURNING 1`;

/**
 * `retry`: the run of a token back to pending at its new due time as the next attempt, while its
 * claim still holds it (and, for a reaper, its lease has lapsed). The failed attempt goes to the
 * history as an `error` event with its message; the task's own `error` stays empty, since it
 * describes how the task finally ended. PostgreSQL notifies the new due time.
 */
export const retryRun: StoreOperation<TaskStore['retry']> = {
  sqlite(c) {
    const retry = c.prepare(SQLITE_RETRY);
    const history = c.prepare(storeSql.sqliteHistory);
    return (token, workerId, error, dueAt, now, reaping) =>
      c.write('retry a task', () => {
        if (retry.run(dueAt, token.taskId, token.claimId, token.attempt, storeSql.sqliteLeaseBound(now, reaping)).changes === 0)
          return false;
        history.run(token.taskId, token.attempt, 'error', now, workerId, error?.message ?? null);
        return true;
      });
  },

  postgres(c) {
    return (token, workerId, error, dueAt, now, reaping) =>
      c.transaction('retry a task', async (tx) => {
        const retried = await tx.query(PG_RETRY, [dueAt, token.taskId, token.claimId, token.attempt, reaping]);
        if (retried.length === 0) return false;
        await tx.query(storeSql.postgresHistory, [token.taskId, token.attempt, 'error', now, workerId, error?.message ?? null]);
        await notifyDue(tx, dueAt);
        return true;
      });
  },
};
