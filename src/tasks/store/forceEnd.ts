import type { DbTaskRow } from '../sql/rowCodec';
import { pgInserts, sqliteInserts } from './insertTasks';
import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/** Both: end time, task id. Not fenced by a claim: force-ending takes the task from whoever holds it; a final status is never left. */
const markForcedEnd = (p: (n: number) => string): string => `
  UPDATE jittask_tasks SET status = 'forcedEnd', ended_at = ${p(1)}, lease_until = NULL WHERE task_id = ${p(2)} AND status IN ('pending', 'running')`;

/**
 * `forceEnd`: a pending or running task marked `forcedEnd` (lease cleared, a `forcedEnd` history
 * entry with the worker that was running it, if any) and its next occurrence written, in one
 * transaction. The owner learns it at its next lease renewal, which finds the task no longer held.
 */
export const forceEnd: StoreOperation<TaskStore['forceEnd']> = {
  sqlite(c) {
    const select = c.prepare<[string], DbTaskRow<number>>(storeSql.sqliteTask);
    const mark = c.prepare(markForcedEnd(() => '?'));
    const history = c.prepare(storeSql.sqliteHistory);
    const inserts = sqliteInserts(c);
    return (taskId, now, next) =>
      c.write('force-end a task', () => {
        const task = select.get(taskId);
        if (!task) return { previousStatus: null, changed: false, next: null };
        if (mark.run(now, taskId).changes === 0) return { previousStatus: task.status, changed: false, next: null };
        history.run(taskId, task.attempt, 'forcedEnd', now, task.worker_id, null);
        return { previousStatus: task.status, changed: true, next: next ? inserts.next(next) : null };
      });
  },

  postgres(c) {
    return (taskId, now, next) =>
      c.transaction('force-end a task', async (tx) => {
        // Locked, so a worker finishing it meanwhile waits and then finds it no longer running.
        const [task] = await tx.query<DbTaskRow<string>>(storeSql.postgresLockedTask, [taskId]);
        if (!task) return { previousStatus: null, changed: false, next: null };
        const ended = await tx.query(`${markForcedEnd((n) => `$${n}`)}\n  RETURNING 1`, [now, taskId]);
        if (ended.length === 0) return { previousStatus: task.status, changed: false, next: null };
        await tx.query(storeSql.postgresHistory, [taskId, task.attempt, 'forcedEnd', now, task.worker_id, null]);
        return { previousStatus: task.status, changed: true, next: next ? await pgInserts.next(tx, next) : null };
      });
  },
};
