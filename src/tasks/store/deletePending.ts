import { taskFilterClause } from '../sql/taskFilterClause';
import type { StoreOperation } from './StoreOperation';
import type { TaskStore } from './TaskStore';

/**
 * `deletePending`: the pending tasks matching the filter removed, their ids returned (PostgreSQL: in
 * insertion order). An empty filter removes every pending task; `taskIds: []` removes none. The
 * history of a removed task is kept. SQLite prepares one statement per combination of filter keys.
 */
export const deletePending: StoreOperation<TaskStore['deletePending']> = {
  sqlite(c) {
    return (filter) =>
      c.write('delete pending tasks', () => {
        const { where, params } = taskFilterClause({ ...filter, status: 'pending' }, 'sqlite');
        const removed = c
          .prepare<(string | number)[], { task_id: string }>(`DELETE FROM jittask_tasks${where} RETURNING task_id`)
          .all(...params);
        return removed.map((row) => row.task_id);
      });
  },

  postgres(c) {
    return (filter) =>
      c.run('delete pending tasks', async (db) => {
        const { where, params } = taskFilterClause({ ...filter, status: 'pending' }, 'postgres');
        const rows = await db.query<{ task_id: string }>(
          `
          WITH removed AS (DELETE FROM jittask_tasks${where} RETURNING task_id, seq)
          SELECT task_id FROM removed ORDER BY seq`,
          params,
        );
        return rows.map((row) => row.task_id);
      });
  },
};
