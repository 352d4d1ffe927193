import type { DbTaskRow } from '../sql/rowCodec';
import type { NewTask, TaskRow } from '../TaskRecord';
import { pgInserts, sqliteInserts } from './insertTasks';
import { isSameRowTask } from './isSameRowTask';
import type { StoreOperation } from './StoreOperation';
import type { TaskStore } from './TaskStore';

/** SQLite: a row's pending task. The literal conditions let SQLite use the partial unique index of pending date-field tasks. */
const SQLITE_ROW_TASK = `
  SELECT * FROM jittask_tasks WHERE origin = 'dateField' AND status = 'pending' AND full_name = ? AND row_id = ?`;

/** PostgreSQL: the pending tasks of all the rows at once, locked while they are compared. */
const PG_ROW_TASKS = `
  SELECT * FROM jittask_tasks
  WHERE origin = 'dateField' AND status = 'pending'
    AND (full_name, row_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
  FOR UPDATE`;

/**
 * `syncRowTasks`: each (template, row) of the changes gets the one pending date-field task it
 * should have, in one transaction, all or nothing: a pending task equal to it is kept, any other
 * removed and the new one written. SQLite goes row by row; PostgreSQL reads the rows' tasks in one
 * statement and removes and writes them in one each.
 */
export const syncRowTasks: StoreOperation<TaskStore['syncRowTasks']> = {
  sqlite(c) {
    const select = c.prepare<[string, string], DbTaskRow<number>>(SQLITE_ROW_TASK);
    const remove = c.prepare('DELETE FROM jittask_tasks WHERE task_id = ?');
    const inserts = sqliteInserts(c);
    return (changes) =>
      c.write('sync the tasks of rows', () => {
        const removed: string[] = [];
        const written: TaskRow[] = [];
        for (const { fullName, rowId, task } of changes) {
          const existing = select.get(fullName, rowId);
          if (existing && task && isSameRowTask(storedRowTask(existing), task)) continue;
          if (existing) {
            remove.run(existing.task_id);
            removed.push(existing.task_id);
          }
          const row = task ? inserts.one(task) : null;
          if (row) written.push(row);
        }
        return { removed, written };
      });
  },

  postgres(c) {
    return (changes) =>
      c.transaction('sync the tasks of rows', async (tx) => {
        const existing = await tx.query<DbTaskRow<string>>(PG_ROW_TASKS, [changes.map((ch) => ch.fullName), changes.map((ch) => ch.rowId)]);
        const byRow = new Map(existing.map((row) => [`${row.full_name}\u0000${row.row_id ?? ''}`, row]));
        const removed: string[] = [];
        const toWrite: NewTask[] = [];
        for (const { fullName, rowId, task } of changes) {
          const key = `${fullName}\u0000${rowId}`;
          const stored = byRow.get(key);
          if (stored && task && isSameRowTask(storedRowTask(stored), task)) continue;
          if (stored) {
            removed.push(stored.task_id);
            byRow.delete(key);
          }
          if (task) toWrite.push(task);
        }
        if (removed.length > 0) await tx.query('DELETE FROM jittask_tasks WHERE task_id = ANY($1::text[])', [removed]);
        return { removed, written: await pgInserts.tasks(tx, toWrite) };
      });
  },
};

/** What {@link isSameRowTask} compares of a stored task. */
function storedRowTask(row: DbTaskRow): Parameters<typeof isSameRowTask>[0] {
  return { dueAt: Number(row.due_at), taskType: row.task_type, funcName: row.func_name, argDictJson: row.arg_dict };
}
