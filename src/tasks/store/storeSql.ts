/** The columns of a row and its SQL values: parameter placeholders, literals, or another row's columns. */
interface Token {
  taskId: string;
  claimId: string;
  attempt: string;
}

/**
 * What several operations of the write path write the same way, each rule once: the fencing of a
 * run's writes, the history entry, and the columns of a new task.
 */
export const storeSql = {
  /** The columns of a new task, as inserts list them. */
  taskColumns: '(task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, row_id, attempt, created_at)',

  /** A history entry (task id, attempt, event, at, worker id, message) as SQLite writes it. */
  sqliteHistory: 'INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message) VALUES (?, ?, ?, ?, ?, ?)',
  /** The same as PostgreSQL writes it. */
  postgresHistory: 'INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message) VALUES ($1, $2, $3, $4, $5, $6)',

  /** A task as stored, read inside a write to decide it (SQLite: the writer holds the file). */
  sqliteTask: 'SELECT * FROM jittask_tasks WHERE task_id = ?',
  /**
   * The same on PostgreSQL, its row locked until the write commits: a worker finishing it meanwhile
   * waits, then finds it changed.
   */
  postgresLockedTask: 'SELECT * FROM jittask_tasks WHERE task_id = $1 FOR UPDATE',

  /**
   * The fencing rule of every write by a run's owner: the claim that ran it still holds the task
   * (running, under that claim id, at that attempt). `token` gives the SQL of the run's token
   * (parameters, or columns of an input row); `t` qualifies the task's columns.
   */
  heldByClaim(token: Token, t = ''): string {
    return `${t}task_id = ${token.taskId} AND ${t}status = 'running' AND ${t}claim_id = ${token.claimId} AND ${t}attempt = ${token.attempt}`;
  },

  /** A run's token as SQLite's statements take it: three parameters. */
  sqliteToken: { taskId: '?', claimId: '?', attempt: '?' } satisfies Token,

  /**
   * The lease bound of SQLite's fencing (`lease_until < ?`): a reaper ends a run only once its
   * lease has lapsed by `now`; for the owner, no bound at all. (PostgreSQL writes the same rule as
   * `NOT reaping OR lease_until < server clock`.)
   */
  sqliteLeaseBound(now: number, reaping: boolean): number {
    return reaping ? now : Number.MAX_SAFE_INTEGER;
  },
};
