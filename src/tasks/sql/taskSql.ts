/**
 * The SQL fragments that the read model (src/tasks/queries) and the write path (src/tasks/store)
 * both write, so that each rule is written once.
 */
export const taskSql = {
  /**
   * Leaves out the tasks of paused templates. Against the tiny table of pauses this is one probe of
   * its primary key per row read (SQLite), an anti-join that costs nothing measurable when it is
   * empty (PostgreSQL).
   */
  notPaused: 'NOT EXISTS (SELECT 1 FROM jittask_paused_templates p WHERE p.full_name = jittask_tasks.full_name)',

  /**
   * PostgreSQL's clock in epoch ms. Leases and heartbeats are set and judged by it there, not by
   * each process's own: processes on several machines whose clocks disagree by more than a lease
   * would otherwise reap each other's live runs. (On SQLite every process is on one machine: the
   * caller's `now` serves.)
   */
  serverNow: '(extract(epoch FROM clock_timestamp()) * 1000)::bigint',
};
