import { notifyDue } from './dueNotices';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/** Both: the `started` entry of the run given back (its worker's latest of that attempt). */
const unlogStart = (taskId: string, attempt: string, workerId: string): string => `
  DELETE FROM jittask_task_history WHERE id = (
    SELECT MAX(id) FROM jittask_task_history WHERE task_id = ${taskId} AND attempt = ${attempt} AND event = 'started' AND worker_id = ${workerId})`;

/** SQLite: the run's token (the fencing rule). */
const SQLITE_GIVE_BACK = `
  UPDATE jittask_tasks SET status = 'pending', started_at = NULL, worker_id = NULL, lease_until = NULL, claim_id = NULL
  WHERE ${storeSql.heldByClaim(storeSql.sqliteToken)}`;

/** PostgreSQL: the run's token (the fencing rule), its row locked until the write commits. */
const PG_HELD = `
  SELECT worker_id, due_at FROM jittask_tasks WHERE ${storeSql.heldByClaim({ taskId: '$1', claimId: '$2', attempt: '$3' })}
  FOR UPDATE`;

/** PostgreSQL: the locked row back to pending. */
const PG_GIVE_BACK = `
  UPDATE jittask_tasks SET status = 'pending', started_at = NULL, worker_id = NULL, lease_until = NULL, claim_id = NULL
  WHERE task_id = $1`;

/**
 * `release`: a claimed task that was never started (its claim came back too late to start it),
 * pending again at the same attempt, its `started` entry removed, while its claim still holds it.
 * PostgreSQL notifies its due time.
 */
export const releaseClaim: StoreOperation<TaskStore['release']> = {
  sqlite(c) {
    const select = c.prepare<[string], { worker_id: string | null }>(storeSql.sqliteTask);
    const giveBack = c.prepare(SQLITE_GIVE_BACK);
    const unlog = c.prepare(unlogStart('?', '?', '?'));
    return (token) =>
      c.write('give back a task', () => {
        const stored = select.get(token.taskId);
        if (giveBack.run(token.taskId, token.claimId, token.attempt).changes === 0) return false;
        unlog.run(token.taskId, token.attempt, stored?.worker_id ?? '');
        return true;
      });
  },

  postgres(c) {
    return (token) =>
      c.transaction('give back a task', async (tx) => {
        const [held] = await tx.query<{ worker_id: string; due_at: string }>(PG_HELD, [token.taskId, token.claimId, token.attempt]);
        if (!held) return false;
        await tx.query(PG_GIVE_BACK, [token.taskId]);
        await tx.query(unlogStart('$1', '$2', '$3'), [token.taskId, token.attempt, held.worker_id]);
        await notifyDue(tx, Number(held.due_at));
        return true;
      });
  },
};
