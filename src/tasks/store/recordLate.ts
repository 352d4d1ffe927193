import { rowCodec, type DbTaskRow } from '../sql/rowCodec';
import type { TaskStatus } from '../TaskRecord';
import { pgInserts, sqliteInserts } from './insertTasks';
import { lateMessage, planLateResult } from './planLateResult';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { FinishRequest, TaskStore } from './TaskStore';

/**
 * Both: a late result made the task's outcome (status, result, error, end time, the attempt it
 * was, task id). Not fenced by a claim: {@link planLateResult} decided it on the row as read in the
 * same transaction (locked on PostgreSQL).
 */
const lateOutcome = (p: (n: number) => string): string => `
  UPDATE jittask_tasks SET status = ${p(1)}, result = ${p(2)}, error = ${p(3)}, ended_at = ${p(4)}, attempt = ${p(5)}, lease_until = NULL
  WHERE task_id = ${p(6)}`;

/** The parameters of {@link lateOutcome} for `request`. */
const lateOutcomeParams = ({ token, outcome, now }: FinishRequest): [TaskStatus, string | null, string | null, number, number, string] => [
  outcome.status,
  rowCodec.toJson(outcome.result),
  rowCodec.toJson(outcome.error),
  now,
  token.attempt,
  token.taskId,
];

/**
 * `recordLate`: the result of a run whose claim no longer holds its task, written as
 * {@link planLateResult} rules on the row as stored: as the task's outcome (with its next
 * occurrence, for a retry that had not started), to the history only, or not at all (the owner's
 * own end was there).
 */
export const recordLate: StoreOperation<TaskStore['recordLate']> = {
  sqlite(c) {
    const select = c.prepare<[string], DbTaskRow<number>>(storeSql.sqliteTask);
    const outcome = c.prepare<[TaskStatus, string | null, string | null, number, number, string]>(lateOutcome(() => '?'));
    const history = c.prepare(storeSql.sqliteHistory);
    const inserts = sqliteInserts(c);
    return (request) =>
      c.write('record a late result', () => {
        const { token, workerId, now, next } = request;
        const stored = select.get(token.taskId);
        const plan = planLateResult(stored ? rowCodec.toTaskRow(stored) : null, request);
        if (plan.write === 'none') return plan.result;
        if (plan.write === 'outcome') {
          outcome.run(...lateOutcomeParams(request));
          if (plan.next && next) inserts.next(next);
        }
        history.run(token.taskId, token.attempt, 'late', now, workerId, lateMessage(request, plan.result));
        return plan.result;
      });
  },

  postgres(c) {
    return (request) =>
      c.transaction('record a late result', async (tx) => {
        const { token, workerId, now, next } = request;
        const [stored] = await tx.query<DbTaskRow<string>>(storeSql.postgresLockedTask, [token.taskId]);
        const plan = planLateResult(stored ? rowCodec.toTaskRow(stored) : null, request);
        if (plan.write === 'none') return plan.result;
        if (plan.write === 'outcome') {
          await tx.query(
            lateOutcome((n) => `$${n}`),
            lateOutcomeParams(request),
          );
          if (plan.next && next) await pgInserts.next(tx, next);
        }
        await tx.query(storeSql.postgresHistory, [token.taskId, token.attempt, 'late', now, workerId, lateMessage(request, plan.result)]);
        return plan.result;
      });
  },
};
