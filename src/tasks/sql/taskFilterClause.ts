import type { SqlDialect } from '../../db/SqlDialect';
import { TASK_STATUSES, type TaskFilter, type TaskOrigin } from '../TaskRecord';

/** Where a page of the task list ended: the due time and insertion order of its last row. */
export interface TaskCursorKey {
  dueAt: number;
  /** Insertion order: SQLite's rowid, PostgreSQL's `seq`. */
  seq: number;
}

/**
 * What the task stores filter on: a listing's filter, an origin and task ids for deletions, and
 * for a page of the task list a search text and the key the previous page ended at.
 */
export type TaskRowFilter = TaskFilter & {
  origin?: TaskOrigin;
  taskIds?: string[];
  /** A task id prefix or text inside `argDict`, case-insensitively. */
  q?: string;
  /** Only rows before this key in the listing's order (newest due first). */
  before?: TaskCursorKey;
};

/** How a clause is written besides its dialect. */
export interface TaskFilterOptions {
  /**
   * Write the status as a literal, not a parameter: a partial index of one status is used only
   * when the query names that status itself (SQLite never matches a parameter against an index's
   * condition). Statuses are a closed list, so no text of a caller reaches the SQL.
   */
  inlineStatus?: boolean;
}

/**
 * The WHERE clause (empty, or starting with a space) of a list or delete filter in `dialect`, and
 * its parameters in order. Task ids go as one parameter whatever their number: a JSON array that
 * SQLite's json_each reads, or a PostgreSQL text array.
 */
export function taskFilterClause(
  filter: TaskRowFilter,
  dialect: 'sqlite',
  options?: TaskFilterOptions,
): { where: string; params: (string | number)[] };
export function taskFilterClause(
  filter: TaskRowFilter,
  dialect: 'postgres',
  options?: TaskFilterOptions,
): { where: string; params: (string | number | string[])[] };
export function taskFilterClause(
  filter: TaskRowFilter,
  dialect: SqlDialect,
  options: TaskFilterOptions = {},
): { where: string; params: (string | number | string[])[] } {
  const conditions: string[] = [];
  const params: (string | number | string[])[] = [];
  /** Adds `condition`, each `?` in it taking the next of `values`. */
  const add = (condition: string, ...values: (string | number | string[])[]): void => {
    let next = 0;
    conditions.push(
      condition.replace(/\?/g, () => {
        params.push(values[next++]!);
        return dialect === 'postgres' ? `$${params.length}` : '?';
      }),
    );
  };
  if (filter.status !== undefined) {
    if (options.inlineStatus && TASK_STATUSES.includes(filter.status)) conditions.push(`status = '${filter.status}'`);
    else add('status = ?', filter.status);
  }
  if (filter.fullName !== undefined) add('full_name = ?', filter.fullName);
  if (filter.origin !== undefined) add('origin = ?', filter.origin);
  if (filter.rowId !== undefined) add('row_id = ?', filter.rowId);
  if (filter.from !== undefined) add('due_at >= ?', filter.from);
  if (filter.to !== undefined) add('due_at <= ?', filter.to);
  if (filter.taskIds !== undefined) {
    if (dialect === 'postgres') add('task_id = ANY(?::text[])', filter.taskIds);
    else add('task_id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.taskIds));
  }
  if (filter.q !== undefined && filter.q !== '') {
    // PostgreSQL's LIKE minds case and SQLite's does not (for ASCII): ILIKE makes them agree.
    const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    const text = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    add(`(task_id ${like} ? ESCAPE '\\' OR arg_dict ${like} ? ESCAPE '\\')`, `${text}%`, `%${text}%`);
  }
  if (filter.before !== undefined) {
    add(`(due_at, ${dialect === 'postgres' ? 'seq' : 'rowid'}) < (?, ?)`, filter.before.dueAt, filter.before.seq);
  }
  return { where: conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '', params };
}
