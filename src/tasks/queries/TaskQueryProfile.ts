import { taskSql } from '../sql/taskSql';

/**
 * What `TaskQueries` writes differently on one database: the SQL the two databases do not share.
 * Every read is one text over this profile (as `SqlModelTable` is over `ModelTableProfile`).
 */
export interface TaskQueryProfile {
  /** The `n`-th (from 1) parameter of a statement. Every statement uses each parameter once, in order. */
  placeholder(n: number): string;
  /** The column that numbers tasks in insertion order: ties between equal due times are broken by it. */
  readonly seq: string;
  /** What a `SELECT *` adds to carry {@link seq} as `seq` (nothing where `seq` is a column). */
  readonly selectSeq: string;
  /**
   * The database's own clock in epoch ms, where leases and heartbeats are judged by it; null where
   * they are judged by the caller's `now`, passed as a parameter.
   */
  readonly serverNow: string | null;
  /** A condition: `column` is one of the texts of the list parameter `param` ({@link listParam}). */
  inList(column: string, param: string): string;
  /** A query of one column `name`, a row per text of the list parameter `param` ({@link listParam}). */
  listRows(param: string): string;
  /** The value that binds a list of texts as one parameter, whatever its length. */
  listParam(values: readonly string[]): unknown;
  /**
   * The index that holds the pending occurrences of series, named where the database must be told
   * to read it (SQLite walks every pending task for the ORDER BY otherwise); null where it finds it.
   */
  readonly seriesPendingIndex: string | null;
}

/**
 * SQLite: the insertion order is its `rowid`; leases are judged by the caller's clock (every
 * process of a file is on one machine); a list travels as JSON text, read by `json_each`.
 */
export const sqliteQueryProfile: TaskQueryProfile = {
  // better-sqlite3 binds numbered `?NNN` parameters by name only: plain `?` binds the same, each
  // parameter being used once, in order.
  placeholder: () => '?',
  seq: 'rowid',
  selectSeq: ', rowid AS seq',
  serverNow: null,
  inList: (column, param) => `${column} IN (SELECT value FROM json_each(${param}))`,
  listRows: (param) => `SELECT value AS name FROM json_each(${param})`,
  listParam: (values) => JSON.stringify(values),
  seriesPendingIndex: 'jittask_tasks_series_pending',
};

/**
 * PostgreSQL: the insertion order is the `seq` column; leases are judged by the server's clock
 * (processes may run on machines whose clocks disagree); a list travels as a text array.
 */
export const postgresQueryProfile: TaskQueryProfile = {
  placeholder: (n) => `$${n}`,
  seq: 'seq',
  selectSeq: '',
  serverNow: taskSql.serverNow,
  inList: (column, param) => `${column} = ANY(${param}::text[])`,
  listRows: (param) => `SELECT unnest(${param}::text[]) AS name`,
  listParam: (values) => [...values],
  seriesPendingIndex: null,
};
