import { taskSql } from '../sql/taskSql';
import type { StoreOperation } from './StoreOperation';
import type { TaskStore } from './TaskStore';

/**
 * SQLite: the new lease end, then the runs' tokens as one JSON array of `[taskId, claimId,
 * attempt]`, whatever their number. Only runs their claim still holds are renewed (the fencing
 * rule, as a set).
 */
const SQLITE_RENEW = `
  UPDATE jittask_tasks SET lease_until = ?
  WHERE status = 'running' AND (task_id, claim_id, attempt) IN (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))
  RETURNING task_id`;

/**
 * PostgreSQL: $1 lease length from the server's clock, $2 … $4 the tokens' columns as arrays. Rows
 * are locked in task id order, as finishing takes them: two orders could deadlock.
 */
const PG_RENEW = `
  UPDATE jittask_tasks SET lease_until = ${taskSql.serverNow} + $1 WHERE task_id IN (
    SELECT t.task_id FROM jittask_tasks t
    JOIN unnest($2::text[], $3::text[], $4::int[]) AS i(task_id, claim_id, attempt)
      ON t.task_id = i.task_id AND t.claim_id = i.claim_id AND t.attempt = i.attempt
    WHERE t.status = 'running'
    ORDER BY t.task_id FOR UPDATE OF t)
  RETURNING task_id`;

/**
 * `renewLeases`: the leases of the runs of `tokens` extended by `leaseMs` (SQLite: from the
 * caller's `now`; PostgreSQL: from the server's clock) while their claims still hold them; the
 * ids renewed. A task missing from the answer was ended or reclaimed elsewhere.
 */
export const renewLeases: StoreOperation<TaskStore['renewLeases']> = {
  sqlite(c) {
    const renew = c.prepare<[number, string], string>(SQLITE_RENEW).pluck();
    return (leaseMs, tokens, now) => {
      const triples = JSON.stringify(tokens.map((t) => [t.taskId, t.claimId, t.attempt]));
      return c.write('renew leases', () => renew.all(now + leaseMs, triples));
    };
  },

  postgres(c) {
    return (leaseMs, tokens) =>
      c.run('renew leases', async (db) => {
        const rows = await db.query<{ task_id: string }>(PG_RENEW, [
          leaseMs,
          tokens.map((t) => t.taskId),
          tokens.map((t) => t.claimId),
          tokens.map((t) => t.attempt),
        ]);
        return rows.map((r) => r.task_id);
      });
  },
};
