import { rowCodec } from '../sql/rowCodec';
import { taskSql } from '../sql/taskSql';
import type { TaskStatus } from '../TaskRecord';
import { pgInserts, sqliteInserts } from './insertTasks';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { FinishResult, TaskStore } from './TaskStore';

/**
 * SQLite: ends one run. The end's columns (status, result, error, now), the run's token (the
 * fencing rule), then a lease bound: a reaper's `now` (its lease has lapsed by then), or, for the
 * owner, none (`storeSql.sqliteLeaseBound`).
 */
const SQLITE_END = `
  UPDATE jittask_tasks SET status = ?, result = ?, error = ?, ended_at = ?, lease_until = NULL
  WHERE ${storeSql.heldByClaim(storeSql.sqliteToken)} AND lease_until < ?`;

/** SQLite: the parameters of {@link SQLITE_END}. */
type SqliteEndParams = [
  status: TaskStatus,
  result: string | null,
  error: string | null,
  now: number,
  taskId: string,
  claimId: string,
  attempt: number,
  expiredBy: number,
];

/**
 * PostgreSQL: ends the running tasks of a group and writes their history, from ten arrays: $1 task
 * ids, $2 workers, $3 final statuses, $4 results, $5 errors (JSON text), $6 end times, $7 error
 * messages, and each run's token and kind, $8 claim ids, $9 attempts, $10 reaping (end only a
 * lapsed lease, by the server's clock). Returns the ids it ended.
 *
 * `locked` takes the rows' locks in task id order, as renewLeases does (two orders could
 * deadlock), before anything is updated: the update only touches rows `locked` has emitted, and
 * it emits them in that order (MATERIALIZED keeps it one scan the planner cannot fold into the
 * update). A row changed by another transaction meanwhile is re-checked by PostgreSQL against the
 * update's conditions (the fencing rule again), so a task force-ended in between is left alone.
 * One statement, so it is all or nothing without a transaction of its own.
 */
const PG_FINISH = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bool[])
      AS i(task_id, worker_id, status, result, error, now, message, claim_id, attempt, reaping)
  ), locked AS MATERIALIZED (
    SELECT t.task_id, i.worker_id, i.status, i.result, i.error, i.now, i.message, i.claim_id, i.attempt, i.reaping
    FROM input i JOIN jittask_tasks t ON t.task_id = i.task_id
    WHERE t.status = 'running' AND t.claim_id = i.claim_id AND t.attempt = i.attempt
    ORDER BY t.task_id
    FOR UPDATE OF t
  ), ended AS (
    UPDATE jittask_tasks t
    SET status = l.status, result = l.result, error = l.error, ended_at = l.now, lease_until = NULL
    FROM locked l
    WHERE ${storeSql.heldByClaim({ taskId: 'l.task_id', claimId: 'l.claim_id', attempt: 'l.attempt' }, 't.')}
      AND (NOT l.reaping OR t.lease_until < ${taskSql.serverNow})
    RETURNING t.task_id, t.attempt, l.status, l.now, l.worker_id, l.message
  ), history AS (
    INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message)
    SELECT task_id, attempt, status, now, worker_id, message FROM ended
  )
  SELECT task_id FROM ended`;

/**
 * The finish's statement per dialect: SQLite's end of one run ({@link SQLITE_END}, one per run in
 * the group's transaction, with a history entry each: `storeSql.sqliteHistory`) and PostgreSQL's end
 * of a whole group ({@link PG_FINISH}). Exported so that the floor benchmark (bench/floor.bench.js)
 * runs jittask's own SQL through the bare driver.
 */
export const FINISH_SQL = { sqlite: SQLITE_END, postgres: PG_FINISH } as const;

/**
 * `finishMany`: ends the runs of a group in one transaction, all or nothing, each only while its
 * claim still holds it (and, for a reaper, its lease has lapsed), with its history entry and its
 * next occurrence. SQLite runs one prepared statement per run in one transaction. PostgreSQL sends
 * a group without next occurrences (one-off tasks) as one statement, {@link PG_FINISH}, one round
 * trip; with next occurrences it is a transaction: that statement, then the occurrences of the
 * runs it ended.
 */
export const finishRuns: StoreOperation<TaskStore['finishMany']> = {
  sqlite(c) {
    const end = c.prepare<SqliteEndParams>(SQLITE_END);
    const history = c.prepare(storeSql.sqliteHistory);
    const inserts = sqliteInserts(c);
    return (requests) =>
      c.write('finish tasks', () =>
        requests.map(({ token, workerId, outcome, now, next, reaping }) => {
          const { taskId, claimId, attempt } = token;
          const ended = end.run(
            outcome.status,
            rowCodec.toJson(outcome.result),
            rowCodec.toJson(outcome.error),
            now,
            taskId,
            claimId,
            attempt,
            storeSql.sqliteLeaseBound(now, reaping),
          );
          if (ended.changes === 0) return { finished: false, next: null };
          history.run(taskId, attempt, outcome.status, now, workerId, outcome.error?.message ?? null);
          return { finished: true, next: next ? inserts.next(next) : null };
        }),
      );
  },

  postgres(c) {
    return (requests) => {
      const params = [
        requests.map((r) => r.token.taskId),
        requests.map((r) => r.workerId),
        requests.map((r) => r.outcome.status),
        requests.map((r) => rowCodec.toJson(r.outcome.result)),
        requests.map((r) => rowCodec.toJson(r.outcome.error)),
        requests.map((r) => r.now),
        requests.map((r) => r.outcome.error?.message ?? null),
        requests.map((r) => r.token.claimId),
        requests.map((r) => r.token.attempt),
        requests.map((r) => r.reaping),
      ];
      if (!requests.some((r) => r.next)) {
        return c.run('finish tasks', async (db) => {
          const finished = new Set((await db.query<{ task_id: string }>(PG_FINISH, params)).map((r) => r.task_id));
          return requests.map((r) => ({ finished: finished.has(r.token.taskId), next: null }));
        });
      }
      return c.transaction('finish tasks', async (tx) => {
        const finished = new Set((await tx.query<{ task_id: string }>(PG_FINISH, params)).map((r) => r.task_id));
        const results: FinishResult[] = [];
        for (const { token, next } of requests) {
          const done = finished.has(token.taskId);
          results.push({ finished: done, next: done && next ? await pgInserts.next(tx, next) : null });
        }
        return results;
      });
    };
  },
};
