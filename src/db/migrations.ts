import type { SqlDialect } from './SqlDialect';

/** One step of the schema. Versions start at 1 and increase by 1; a released step never changes. */
export interface Migration {
  version: number;
  /** A short name, kept in `jittask_schema_version` to tell what was applied. */
  name: string;
  /** The statements of the step, per dialect (several statements separated by `;`). */
  sql: Record<SqlDialect, string>;
}

/**
 * The schema of jittask's own tables, oldest step first. Append new steps; never edit or remove
 * one, because databases already carry its version.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tasks and task history',
    sql: {
      sqlite: `
        CREATE TABLE jittask_tasks (
          task_id     TEXT PRIMARY KEY NOT NULL,
          full_name   TEXT NOT NULL,
          task_type   TEXT NOT NULL,
          func_name   TEXT NOT NULL,
          arg_dict    TEXT NOT NULL,
          due_at      INTEGER NOT NULL,
          status      TEXT NOT NULL,
          origin      TEXT NOT NULL,
          row_id      TEXT,
          attempt     INTEGER NOT NULL,
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          ended_at    INTEGER,
          result      TEXT,
          error       TEXT,
          worker_id   TEXT,
          lease_until INTEGER
        );
        -- Claiming, the next due time and counts per status.
        CREATE INDEX jittask_tasks_status_due ON jittask_tasks (status, due_at);
        -- Listings of all tasks, newest due first or within due times (without it, a listing sorts
        -- the whole table; due times mostly grow with insertion, so inserts barely pay for it).
        CREATE INDEX jittask_tasks_due ON jittask_tasks (due_at);
        -- Listings of one template.
        CREATE INDEX jittask_tasks_name_due ON jittask_tasks (full_name, due_at);
        -- At most one pending occurrence per repeating template.
        CREATE UNIQUE INDEX jittask_tasks_series_pending ON jittask_tasks (full_name)
          WHERE origin = 'series' AND status = 'pending';
        -- At most one pending task per date-field template and row.
        CREATE UNIQUE INDEX jittask_tasks_row_pending ON jittask_tasks (full_name, row_id)
          WHERE origin = 'dateField' AND status = 'pending';
        -- Leases of running tasks (renewal, lost workers). Partial, so inserting pending tasks, the
        -- bulk of all writes, does not maintain it; \`status\` is kept in it so the planner picks it.
        CREATE INDEX jittask_tasks_running_lease ON jittask_tasks (status, lease_until)
          WHERE status = 'running';

        -- No foreign key to jittask_tasks: history outlives a pending task that is removed (a
        -- retried task's earlier attempts, a skipped occurrence).
        CREATE TABLE jittask_task_history (
          id        INTEGER PRIMARY KEY,
          task_id   TEXT NOT NULL,
          attempt   INTEGER NOT NULL,
          event     TEXT NOT NULL,
          at        INTEGER NOT NULL,
          worker_id TEXT,
          message   TEXT
        );
        CREATE INDEX jittask_task_history_task ON jittask_task_history (task_id);
      `,
      // The same tables and indexes. JSON columns are TEXT, not jsonb: jsonb reorders keys and
      // refuses \u0000, so a value would not come back as it was written. PostgreSQL has no rowid:
      // `seq` keeps insertion order, the tie-break of equal due times, and ends every index that
      // orders by time (as SQLite's implicit rowid does), so claims and listings read in index order.
      postgres: `
        CREATE TABLE jittask_tasks (
          task_id     TEXT PRIMARY KEY NOT NULL,
          full_name   TEXT NOT NULL,
          task_type   TEXT NOT NULL,
          func_name   TEXT NOT NULL,
          arg_dict    TEXT NOT NULL,
          due_at      BIGINT NOT NULL,
          status      TEXT NOT NULL,
          origin      TEXT NOT NULL,
          row_id      TEXT,
          attempt     INTEGER NOT NULL,
          created_at  BIGINT NOT NULL,
          started_at  BIGINT,
          ended_at    BIGINT,
          result      TEXT,
          error       TEXT,
          worker_id   TEXT,
          lease_until BIGINT,
          seq         BIGSERIAL NOT NULL
        );
        CREATE INDEX jittask_tasks_status_due ON jittask_tasks (status, due_at, seq);
        CREATE INDEX jittask_tasks_due ON jittask_tasks (due_at, seq);
        CREATE INDEX jittask_tasks_name_due ON jittask_tasks (full_name, due_at, seq);
        CREATE UNIQUE INDEX jittask_tasks_series_pending ON jittask_tasks (full_name)
          WHERE origin = 'series' AND status = 'pending';
        CREATE UNIQUE INDEX jittask_tasks_row_pending ON jittask_tasks (full_name, row_id)
          WHERE origin = 'dateField' AND status = 'pending';
        CREATE INDEX jittask_tasks_running_lease ON jittask_tasks (status, lease_until, seq)
          WHERE status = 'running';

        CREATE TABLE jittask_task_history (
          id        BIGSERIAL PRIMARY KEY,
          task_id   TEXT NOT NULL,
          attempt   INTEGER NOT NULL,
          event     TEXT NOT NULL,
          at        BIGINT NOT NULL,
          worker_id TEXT,
          message   TEXT
        );
        CREATE INDEX jittask_task_history_task ON jittask_task_history (task_id);
      `,
    },
  },
  {
    version: 2,
    name: 'template fingerprints',
    sql: {
      // What each date-field template's tasks were last brought in line with (a fingerprint of its
      // settings and the app zone): a template whose fingerprint changed is backfilled on start.
      sqlite: `
        CREATE TABLE jittask_template_state (
          full_name   TEXT PRIMARY KEY NOT NULL,
          fingerprint TEXT NOT NULL,
          updated_at  INTEGER NOT NULL
        );
      `,
      postgres: `
        CREATE TABLE jittask_template_state (
          full_name   TEXT PRIMARY KEY NOT NULL,
          fingerprint TEXT NOT NULL,
          updated_at  BIGINT NOT NULL
        );
      `,
    },
  },
  {
    version: 3,
    name: 'claim index of pending tasks only',
    sql: {
      // Claims and the next due time read pending tasks only. An index of (status, due_at) changed
      // twice per run (pending → running → ended), and on PostgreSQL every such update wrote a new
      // entry into it; a partial index of pending tasks is left once, at the claim, and never
      // holds the finished tasks that pile up. Counting by status now reads the table.
      sqlite: `
        DROP INDEX jittask_tasks_status_due;
        CREATE INDEX jittask_tasks_pending_due ON jittask_tasks (due_at) WHERE status = 'pending';
      `,
      postgres: `
        DROP INDEX jittask_tasks_status_due;
        CREATE INDEX jittask_tasks_pending_due ON jittask_tasks (due_at, seq) WHERE status = 'pending';
      `,
    },
  },
  {
    version: 4,
    name: 'claim tokens and live workers',
    sql: {
      // A claim's id fences every write that renews or ends its run: a process whose lease lapsed
      // (reaped, then claimed again elsewhere) can no longer change the task, whatever its worker
      // id. The workers table holds each live process's heartbeat, so a starting process can tell
      // whether another one could have run an overdue occurrence.
      sqlite: `
        ALTER TABLE jittask_tasks ADD COLUMN claim_id TEXT;
        CREATE TABLE jittask_workers (
          worker_id  TEXT PRIMARY KEY NOT NULL,
          host       TEXT NOT NULL,
          pid        INTEGER NOT NULL,
          started_at INTEGER NOT NULL,
          last_beat  INTEGER NOT NULL,
          running    INTEGER NOT NULL
        );
      `,
      postgres: `
        ALTER TABLE jittask_tasks ADD COLUMN claim_id TEXT;
        CREATE TABLE jittask_workers (
          worker_id  TEXT PRIMARY KEY NOT NULL,
          host       TEXT NOT NULL,
          pid        INTEGER NOT NULL,
          started_at BIGINT NOT NULL,
          last_beat  BIGINT NOT NULL,
          running    INTEGER NOT NULL
        );
      `,
    },
  },
  {
    version: 5,
    name: 'paused templates and task paging',
    sql: {
      // A table of its own for pauses: claims look paused templates up with NOT EXISTS, which
      // against an empty (or tiny) table costs one probe of its primary key per claimed row.
      // Paging reads the task list newest due first from an index in that order wherever a filter
      // is selective: failed statuses are rare among millions of completed tasks, so each has a
      // partial index that only a run ending that way writes (the claim's hot path never touches
      // them), and a row's tasks are found without reading its template's other rows. The
      // history has no index on its time: every run would pay for it twice, and the dashboard's
      // charts find the last hours' entries by their ids instead.
      sqlite: `
        CREATE TABLE jittask_paused_templates (
          full_name TEXT PRIMARY KEY NOT NULL,
          paused_at INTEGER NOT NULL
        );
        CREATE INDEX jittask_tasks_error_due ON jittask_tasks (due_at) WHERE status = 'error';
        CREATE INDEX jittask_tasks_timeout_due ON jittask_tasks (due_at) WHERE status = 'timeout';
        CREATE INDEX jittask_tasks_forced_due ON jittask_tasks (due_at) WHERE status = 'forcedEnd';
        CREATE INDEX jittask_tasks_row_due ON jittask_tasks (row_id, due_at) WHERE row_id IS NOT NULL;
      `,
      postgres: `
        CREATE TABLE jittask_paused_templates (
          full_name TEXT PRIMARY KEY NOT NULL,
          paused_at BIGINT NOT NULL
        );
        CREATE INDEX jittask_tasks_error_due ON jittask_tasks (due_at, seq) WHERE status = 'error';
        CREATE INDEX jittask_tasks_timeout_due ON jittask_tasks (due_at, seq) WHERE status = 'timeout';
        CREATE INDEX jittask_tasks_forced_due ON jittask_tasks (due_at, seq) WHERE status = 'forcedEnd';
        CREATE INDEX jittask_tasks_row_due ON jittask_tasks (row_id, due_at, seq) WHERE row_id IS NOT NULL;
      `,
    },
  },
];
