import type { PendingDbRow } from '../sql/rowCodec';
import { rowCodec } from '../sql/rowCodec';
import { taskSql } from '../sql/taskSql';
import type { TaskOrigin } from '../TaskRecord';
import { newClaimId } from './newClaimId';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/**
 * SQLite: what a claim returns of each row, as an array (better-sqlite3's raw mode): the columns a
 * pending task has, and its rowid. The rest is known, since the claim just set it. Returning every
 * column as an object tripled the cost of a claim.
 */
type SqliteClaimed = [
  taskId: string,
  fullName: string,
  taskType: string,
  funcName: string,
  argDict: string,
  dueAt: number,
  origin: TaskOrigin,
  rowId: string | null,
  attempt: number,
  createdAt: number,
  seq: number,
];

/**
 * SQLite: worker, claim id, lease end, now, due by, limit. One writer at a time holds the file, so
 * the IMMEDIATE transaction around it is what keeps two processes from claiming one task. Ties
 * between tasks due at the same millisecond go by insertion order (rowid).
 */
const SQLITE_CLAIM = `
  UPDATE jittask_tasks SET status = 'running', worker_id = ?, claim_id = ?, lease_until = ?, started_at = ?
  WHERE rowid IN (
    SELECT rowid FROM jittask_tasks WHERE status = 'pending' AND due_at <= ? AND ${taskSql.notPaused}
    ORDER BY due_at, rowid LIMIT ?)
  RETURNING task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, rowid`;

/** Below every due time (epoch ms as a JavaScript number): the open end of a claim's due range. */
const MIN_DUE_AT = Number.MIN_SAFE_INTEGER;

/**
 * PostgreSQL: $1 worker, $2 lease length (ms, from the server's clock), $3 now, $4 limit, $5 claim
 * id. One statement locks up to `limit` due rows others have not locked (`FOR UPDATE SKIP LOCKED`,
 * so concurrent claimers never wait for each other nor take one task twice), updates them and logs
 * them. Rows come back in claim order (due time, then insertion: the `seq` column).
 *
 * Two plans are pinned down without hints. The due range is closed (a lower bound no task is
 * below): on a table without statistics (just filled, autovacuum not yet by), PostgreSQL takes an
 * open range `due_at <= now` for a third of the table and sorts every pending task to take the
 * first few, while it estimates a closed range as narrow and reads the index in order, the plan
 * it also picks with statistics. And the ids are gathered into an array before the update:
 * `task_id IN (subquery)` let it hash-join them against a scan of the whole table, finished tasks
 * included, while `= ANY(array)` reads the primary key.
 */
const PG_CLAIM = `
  WITH claimed AS (
    UPDATE jittask_tasks SET status = 'running', worker_id = $1, claim_id = $5, lease_until = ${taskSql.serverNow} + $2, started_at = $3
    WHERE task_id = ANY(ARRAY(
      SELECT task_id FROM jittask_tasks WHERE status = 'pending' AND due_at BETWEEN ${MIN_DUE_AT} AND $3 AND ${taskSql.notPaused}
      ORDER BY due_at, seq LIMIT $4
      FOR UPDATE SKIP LOCKED))
    RETURNING task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, seq, lease_until
  ), logged AS (
    INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message)
    SELECT task_id, attempt, 'started', $3, $1, NULL FROM claimed ORDER BY due_at, seq
  )
  SELECT task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, lease_until
  FROM claimed ORDER BY due_at, seq`;

/**
 * The claim's statement per dialect ({@link SQLITE_CLAIM}, {@link PG_CLAIM}), exported so that the
 * floor benchmark (bench/floor.bench.js) runs jittask's own SQL through the bare driver.
 */
export const CLAIM_SQL = { sqlite: SQLITE_CLAIM, postgres: PG_CLAIM } as const;

/**
 * `claimDue`: up to `limit` pending tasks due by `now`, not of a paused template, moved to running
 * under one new claim id with a lease (SQLite: from the caller's `now`; PostgreSQL: from the
 * server's clock), a `started` entry each. Only the columns a pending task has are read back; the
 * rest is what the claim just set.
 */
export const claimDue: StoreOperation<TaskStore['claimDue']> = {
  sqlite(c) {
    const claim = c.prepare<[string, string, number, number, number, number], SqliteClaimed>(SQLITE_CLAIM).raw(true);
    const history = c.prepare(storeSql.sqliteHistory);
    return (now, limit, workerId, leaseMs) => {
      const claimId = newClaimId();
      const leaseUntil = now + leaseMs;
      return c.write('claim due tasks', () => {
        const rows = claim.all(workerId, claimId, leaseUntil, now, now, limit);
        // RETURNING gives no order: restore the claim order, earliest due first.
        rows.sort((a, b) => a[5] - b[5] || a[10] - b[10]);
        return rows.map(([task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at]) => {
          history.run(task_id, attempt, 'started', now, workerId, null);
          return rowCodec.claimedRow(
            { task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at },
            workerId,
            claimId,
            leaseUntil,
            now,
          );
        });
      });
    };
  },

  postgres(c) {
    return (now, limit, workerId, leaseMs) => {
      const claimId = newClaimId();
      return c.run('claim due tasks', async (db) => {
        const rows = await db.query<PendingDbRow<string> & { lease_until: string }>(PG_CLAIM, [workerId, leaseMs, now, limit, claimId]);
        return rows.map((row) => rowCodec.claimedRow(row, workerId, claimId, Number(row.lease_until), now));
      });
    };
  },
};
