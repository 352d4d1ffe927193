import type { Statement } from 'better-sqlite3';
import type { PgQueryable } from '../../db/PgDatabase';
import { rowCodec } from '../sql/rowCodec';
import type { NewTask, TaskOrigin, TaskRow } from '../TaskRecord';
import { notifyDue } from './dueNotices';
import type { SqliteWriter, StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/**
 * SQLite: tasks written by one INSERT in a large batch. One statement of many rows cost a third
 * less per task than one statement per row (200 rows × 10 parameters is far below SQLite's limit).
 */
const ROWS_PER_INSERT = 200;

/** SQLite: the values of one new task, in the order of `storeSql.taskColumns`. */
const SQLITE_VALUES = "(?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)";

/**
 * SQLite: one task. ON CONFLICT names the series index only: a series occurrence whose template has
 * a pending one already is skipped, while a duplicate taskId or a second pending task of a
 * date-field row is a caller's bug and must fail, not vanish.
 */
const SQLITE_ONE = `
  INSERT INTO jittask_tasks ${storeSql.taskColumns} VALUES ${SQLITE_VALUES}
  ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING`;

/** SQLite: {@link ROWS_PER_INSERT} tasks, none a series occurrence (which it could not skip). */
const SQLITE_MANY = `INSERT INTO jittask_tasks ${storeSql.taskColumns} VALUES ${Array<string>(ROWS_PER_INSERT).fill(SQLITE_VALUES).join(', ')}`;

/**
 * SQLite: a next occurrence (of a run that ends, or a task force-ended). It also yields to the
 * one-pending rule of its date-field row, whose pending task came from the row's newer data while
 * this occurrence ran. A duplicate taskId still fails.
 */
const SQLITE_NEXT = `
  INSERT INTO jittask_tasks ${storeSql.taskColumns} VALUES ${SQLITE_VALUES}
  ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING
  ON CONFLICT (full_name, row_id) WHERE origin = 'dateField' AND status = 'pending' DO NOTHING`;

/**
 * PostgreSQL: tasks per INSERT of a batch. Each chunk is one statement whose columns travel as ten
 * array parameters; bounding it keeps a statement's memory modest on both sides.
 */
const PG_CHUNK = 10_000;

/**
 * PostgreSQL: writes tasks given as ten arrays, one per column, in their order, and returns the ids
 * written. A series occurrence whose template has a pending one already is left out (the series
 * index); `where` (on each task `t`) may leave out more.
 */
const pgInsertSql = (where: string): string => `
  INSERT INTO jittask_tasks ${storeSql.taskColumns}
  SELECT t.task_id, t.full_name, t.task_type, t.func_name, t.arg_dict, t.due_at, 'pending', t.origin, t.row_id, t.attempt, t.created_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bigint[])
    WITH ORDINALITY AS t(task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, n)${where}
  ORDER BY t.n
  ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING
  RETURNING task_id`;

/** PostgreSQL: new tasks; a duplicate taskId or a second pending task of a date-field row fails. */
const PG_NEW = pgInsertSql('');

/**
 * PostgreSQL: next occurrences, which also yield to the one-pending rule of their date-field row.
 * PostgreSQL takes one ON CONFLICT target, so this rule is a NOT EXISTS; the literal conditions let
 * it use the row index.
 */
const PG_NEXT = pgInsertSql(`
  WHERE NOT EXISTS (
    SELECT 1 FROM jittask_tasks p WHERE p.origin = 'dateField' AND p.status = 'pending' AND p.full_name = t.full_name AND p.row_id = t.row_id)`);

/**
 * `insert`: the tasks, pending, in one transaction, returned as written in input order. SQLite
 * writes {@link ROWS_PER_INSERT} tasks a statement where none of them is a series occurrence (those
 * may be skipped, so go one by one); PostgreSQL writes chunks of multi-row INSERTs whose columns are
 * array parameters (100,000 tasks take a few seconds) and notifies the earliest due time.
 */
export const insertTasks: StoreOperation<TaskStore['insert']> = {
  sqlite(c) {
    const many = c.prepare(SQLITE_MANY);
    const inserts = sqliteInserts(c);
    return (tasks) =>
      c.write('insert tasks', () => {
        const written: TaskRow[] = [];
        // Filled in place for each statement.
        const params = new Array<unknown>(ROWS_PER_INSERT * 10);
        let i = 0;
        while (i < tasks.length) {
          const end = i + ROWS_PER_INSERT;
          if (end <= tasks.length && !tasks.slice(i, end).some((task) => task.origin === 'series')) {
            for (let j = i, at = 0; j < end; j++) {
              at = putSqliteParams(tasks[j]!, params, at);
              written.push(rowCodec.pendingRow(tasks[j]!));
            }
            many.run(params);
            i = end;
          } else {
            const row = inserts.one(tasks[i]!);
            if (row) written.push(row);
            i += 1;
          }
        }
        return written;
      });
  },

  postgres(c) {
    return (tasks) => c.transaction('insert tasks', (tx) => pgInserts.tasks(tx, tasks));
  },
};

/**
 * SQLite: one task written inside the caller's transaction, as a new task (`one`) or as a next
 * occurrence (`next`); null when a one-pending rule skipped it.
 */
export function sqliteInserts(c: SqliteWriter): { one(task: NewTask): TaskRow | null; next(task: NewTask): TaskRow | null } {
  const one = c.prepare(SQLITE_ONE);
  const next = c.prepare(SQLITE_NEXT);
  const write = (statement: Statement<unknown[], unknown>, task: NewTask): TaskRow | null => {
    const params: unknown[] = [];
    putSqliteParams(task, params, 0);
    return statement.run(params).changes === 0 ? null : rowCodec.pendingRow(task);
  };
  return { one: (task) => write(one, task), next: (task) => write(next, task) };
}

/** PostgreSQL: tasks written inside the caller's transaction. */
export const pgInserts = {
  /**
   * Writes `tasks` (as new tasks, or with `sql` as next occurrences) and notifies their earliest due
   * time. Returns the written rows in input order; tasks skipped by a one-pending rule are left out.
   */
  async tasks(tx: PgQueryable, tasks: NewTask[], sql = PG_NEW): Promise<TaskRow[]> {
    const written: TaskRow[] = [];
    for (let start = 0; start < tasks.length; start += PG_CHUNK) {
      const chunk = tasks.slice(start, start + PG_CHUNK);
      const columns: [string[], string[], string[], string[], string[], number[], TaskOrigin[], (string | null)[], number[], number[]] = [
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
      ];
      for (const task of chunk) {
        columns[0].push(task.taskId);
        columns[1].push(task.fullName);
        columns[2].push(task.taskType);
        columns[3].push(task.funcName);
        columns[4].push(JSON.stringify(task.argDict));
        columns[5].push(task.dueAt);
        columns[6].push(task.origin);
        columns[7].push(task.rowId ?? null);
        columns[8].push(task.attempt);
        columns[9].push(task.createdAt);
      }
      const rows = await tx.query<{ task_id: string }>(sql, columns);
      // RETURNING names the written ids but promises no order: keep the input's.
      const writtenIds = rows.length === chunk.length ? null : new Set(rows.map((row) => row.task_id));
      for (const task of chunk) {
        if (writtenIds === null || writtenIds.has(task.taskId)) written.push(rowCodec.pendingRow(task));
      }
    }
    // A loop, not Math.min(...): spreading a few hundred thousand arguments overflows the stack.
    let earliest = Infinity;
    for (const row of written) earliest = Math.min(earliest, row.dueAt);
    if (written.length > 0) await notifyDue(tx, earliest);
    return written;
  },

  /** Writes a next occurrence ({@link PG_NEXT}); null when a one-pending rule skipped it. */
  async next(tx: PgQueryable, next: NewTask): Promise<TaskRow | null> {
    const [row] = await pgInserts.tasks(tx, [next], PG_NEXT);
    return row ?? null;
  },
};

/**
 * Puts the parameters of `task` into `params` from index `at`, in the order of
 * `storeSql.taskColumns`, and returns the index after them: one array serves a whole multi-row
 * statement.
 */
function putSqliteParams(task: NewTask, params: unknown[], at: number): number {
  params[at] = task.taskId;
  params[at + 1] = task.fullName;
  params[at + 2] = task.taskType;
  params[at + 3] = task.funcName;
  params[at + 4] = JSON.stringify(task.argDict);
  params[at + 5] = task.dueAt;
  params[at + 6] = task.origin;
  params[at + 7] = task.rowId ?? null;
  params[at + 8] = task.attempt;
  params[at + 9] = task.createdAt;
  return at + 10;
}
