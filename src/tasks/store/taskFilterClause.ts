import type { SqlDialect } from '../../db/migrations';
import type { TaskFilter, TaskOrigin } from '../TaskRecord';

/** What the task stores filter on: a listing's filter, and an origin and task ids for deletions. */
export type TaskRowFilter = TaskFilter & { origin?: TaskOrigin; taskIds?: string[] };

/**
 * The WHERE clause (empty, or starting with a space) of a list or delete filter in `dialect`, and
 * its parameters in order. Task ids go as one parameter whatever their number: a JSON array that
 * SQLite's json_each reads, or a PostgreSQL text array.
 */
export function taskFilterClause(filter: TaskRowFilter, dialect: 'sqlite'): { where: string; params: (string | number)[] };
export function taskFilterClause(filter: TaskRowFilter, dialect: 'postgres'): { where: string; params: (string | number | string[])[] };
export function taskFilterClause(filter: TaskRowFilter, dialect: SqlDialect): { where: string; params: (string | number | string[])[] } {
  const conditions: string[] = [];
  const params: (string | number | string[])[] = [];
  const add = (condition: string, value: string | number | string[]): void => {
    params.push(value);
    conditions.push(dialect === 'postgres' ? condition.replace('?', `$${params.length}`) : condition);
  };
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.fullName !== undefined) add('full_name = ?', filter.fullName);
  if (filter.origin !== undefined) add('origin = ?', filter.origin);
  if (filter.rowId !== undefined) add('row_id = ?', filter.rowId);
  if (filter.from !== undefined) add('due_at >= ?', filter.from);
  if (filter.to !== undefined) add('due_at <= ?', filter.to);
  if (filter.taskIds !== undefined) {
    if (dialect === 'postgres') add('task_id = ANY(?::text[])', filter.taskIds);
    else add('task_id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.taskIds));
  }
  return { where: conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '', params };
}
