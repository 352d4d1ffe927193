import type { Database } from '../../db/Database';
import { rowCodec, type DbTaskRow } from '../sql/rowCodec';
import { taskFilterClause } from '../sql/taskFilterClause';
import { taskSql } from '../sql/taskSql';
import { taskStoreError } from '../sql/taskStoreError';
import type { TaskFilter, TaskHistoryEntry, TaskRow, TaskStatus, WorkerBeat } from '../TaskRecord';
import { firstHistoryIdFrom } from './firstHistoryIdFrom';
import { runsPerMinuteSql } from './runsPerMinuteSql';
import { taskCursor } from './taskCursor';
import type { TaskQueryProfile } from './TaskQueryProfile';

/** Rows {@link TaskQueries.list} returns when the filter gives no limit. */
const DEFAULT_LIST_LIMIT = 100;

/** The filter of {@link TaskQueries.page}: a listing's filter with a search text and a cursor instead of an offset. */
export interface TaskPageFilter extends Omit<TaskFilter, 'offset' | 'limit'> {
  /** A task id prefix, or text inside `argDict`; case-insensitive. */
  q?: string;
  /** The `nextCursor` of the previous page; absent for the first. */
  cursor?: string;
  limit: number;
}

/** One page of the task list, newest due first. */
export interface TaskPage {
  rows: TaskRow[];
  /** Hands on to the next page; null on the last. */
  nextCursor: string | null;
}

/** What the dashboard shows of one template's tasks ({@link TaskQueries.templateRuns}). */
export interface TemplateRuns {
  /** The earliest due time of its pending tasks, or null. */
  nextDueAt: number | null;
  /** Its ended task of the latest due time, or null. */
  last: TaskRow | null;
}

/** Runs per minute from the history ({@link TaskQueries.runsPerMinute}). */
export interface MinuteRuns {
  /** The minute's start, epoch ms. */
  minute: number;
  /** Runs started in it. */
  runs: number;
  /** Attempts that ended as `error` or `timeout` in it. */
  failures: number;
  /** The 95th percentile (nearest rank) of start minus due time of its runs, ms; null without runs. */
  latenessMsP95: number | null;
}

/** A history entry with its task's template and current status ({@link TaskQueries.historySince}). */
export interface TaskChange {
  taskId: string;
  fullName: string;
  status: TaskStatus;
}

/** One process of the app, as its last heartbeat left it (`running`: the runs it held then). Times are epoch ms. */
export interface WorkerRecord extends WorkerBeat {
  lastBeat: number;
  /** Milliseconds since its last beat, by the database's clock. */
  ageMs: number;
}

/** A row of `jittask_task_history` as a driver returns it (pg gives BIGINT as a string). */
interface HistoryDbRow {
  task_id: string;
  attempt: number;
  event: string;
  at: number | string;
  worker_id: string | null;
  message: string | null;
}

/** A row of `jittask_workers` as a driver returns it, with its age by the database's clock. */
interface WorkerDbRow {
  worker_id: string;
  host: string;
  pid: number;
  started_at: number | string;
  last_beat: number | string;
  running: number;
  age_ms: number | string;
}

/**
 * The read model of the task wing: every read of tasks, their history, pauses, fingerprints and
 * workers, written once over {@link Database} and a {@link TaskQueryProfile} (what SQLite and
 * PostgreSQL write differently). The write path (`TaskStore`) changes the same tables; each read
 * here joins the caller's open transaction of the database, as every `Database.query` does, so a
 * read made inside a model hook sees that hook's writes. Driver failures surface as
 * `DATABASE_ERROR`. Times are epoch milliseconds; integers come back as numbers on both databases.
 */
export class TaskQueries {
  constructor(
    private readonly db: Database,
    private readonly profile: TaskQueryProfile,
  ) {}

  /** The task, or null. */
  async get(taskId: string): Promise<TaskRow | null> {
    const [row] = await this.read<DbTaskRow>('read a task', `SELECT * FROM jittask_tasks WHERE task_id = ${this.p(1)}`, [taskId]);
    return row ? rowCodec.toTaskRow(row) : null;
  }

  /** The task's history, oldest first. */
  async history(taskId: string): Promise<TaskHistoryEntry[]> {
    const rows = await this.read<HistoryDbRow>(
      'read task history',
      `
      SELECT task_id, attempt, event, at, worker_id, message FROM jittask_task_history
      WHERE task_id = ${this.p(1)} ORDER BY id`,
      [taskId],
    );
    return rows.map((row) => ({
      taskId: row.task_id,
      attempt: row.attempt,
      event: row.event,
      at: Number(row.at),
      workerId: row.worker_id,
      message: row.message,
    }));
  }

  /** Tasks matching the filter, newest due first (latest inserted first among equal due times); at most 100 rows by default. */
  async list(filter: TaskFilter): Promise<TaskRow[]> {
    const { seq, seriesPendingIndex } = this.profile;
    // The pending occurrences of series (read at every start) are few, and their partial index
    // finds them; a database told to read it (SQLite) must see the index's condition written out.
    const seriesPending = seriesPendingIndex !== null && filter.status === 'pending' && filter.origin === 'series';
    const { where, params } = this.filter(seriesPending ? { ...filter, status: undefined, origin: undefined } : filter);
    const from = seriesPending
      ? `jittask_tasks INDEXED BY ${seriesPendingIndex} WHERE origin = 'series' AND status = 'pending'${where.replace(' WHERE ', ' AND ')}`
      : `jittask_tasks${where}`;
    const n = params.length;
    const rows = await this.read<DbTaskRow>(
      'list tasks',
      `SELECT * FROM ${from} ORDER BY due_at DESC, ${seq} DESC LIMIT ${this.p(n + 1)} OFFSET ${this.p(n + 2)}`,
      [...params, filter.limit ?? DEFAULT_LIST_LIMIT, filter.offset ?? 0],
    );
    return rows.map((row) => rowCodec.toTaskRow(row));
  }

  /**
   * A page of the tasks matching the filter, newest due first (latest inserted first among equal
   * due times), read by key from where `cursor` ended: never an offset, so deep pages cost as
   * little as the first.
   *
   * @throws JitError `API_PARAMS_ERROR` for a cursor it did not make.
   */
  async page(filter: TaskPageFilter): Promise<TaskPage> {
    const { cursor, limit, ...rest } = filter;
    const before = cursor === undefined ? undefined : taskCursor.decode(cursor);
    const { where, params } = this.filter({ ...rest, before }, true);
    const { seq, selectSeq } = this.profile;
    // One row more than asked tells whether another page follows.
    const rows = await this.read<DbTaskRow & { seq: number | string }>(
      'page tasks',
      `SELECT *${selectSeq} FROM jittask_tasks${where} ORDER BY due_at DESC, ${seq} DESC LIMIT ${this.p(params.length + 1)}`,
      [...params, limit + 1],
    );
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      rows: rows.slice(0, limit).map((row) => rowCodec.toTaskRow(row)),
      nextCursor: last ? taskCursor.encode({ dueAt: Number(last.due_at), seq: Number(last.seq) }) : null,
    };
  }

  /** The earliest `dueAt` of a pending task of a template that is not paused, or null. */
  async nextDueAt(): Promise<number | null> {
    // ORDER BY … LIMIT 1 rather than MIN(): it reads the pending index in order and stops at the
    // first task not paused.
    const [row] = await this.read<{ due_at: number | string }>(
      'read the next due time',
      `SELECT due_at FROM jittask_tasks WHERE status = 'pending' AND ${taskSql.notPaused} ORDER BY due_at, ${this.profile.seq} LIMIT 1`,
    );
    return row ? Number(row.due_at) : null;
  }

  /**
   * Running tasks whose lease has lapsed (their worker is gone or cut off), oldest lease first, by
   * the database's clock: `now` on SQLite (one machine), the server's own on PostgreSQL.
   */
  async expiredLeases(now: number): Promise<TaskRow[]> {
    const { clock, params } = this.clock(now);
    const rows = await this.read<DbTaskRow>(
      'read expired leases',
      `SELECT * FROM jittask_tasks WHERE status = 'running' AND lease_until < ${clock} ORDER BY lease_until, ${this.profile.seq}`,
      params,
    );
    return rows.map((row) => rowCodec.toTaskRow(row));
  }

  /** Number of tasks per status, statuses without tasks absent: the task gauges of `/metrics` read it. It counts the whole table. */
  async countByStatus(): Promise<Partial<Record<TaskStatus, number>>> {
    const counts: Partial<Record<TaskStatus, number>> = {};
    const rows = await this.read<{ status: TaskStatus; n: number | string }>(
      'count tasks',
      'SELECT status, COUNT(*) AS n FROM jittask_tasks GROUP BY status',
    );
    for (const { status, n } of rows) counts[status] = Number(n);
    return counts;
  }

  /** The paused templates, with when each was paused (epoch ms). */
  async pausedTemplates(): Promise<Map<string, number>> {
    const rows = await this.read<{ full_name: string; paused_at: number | string }>(
      'read paused templates',
      'SELECT full_name, paused_at FROM jittask_paused_templates',
    );
    return new Map(rows.map((row) => [row.full_name, Number(row.paused_at)]));
  }

  /** The fingerprint each date-field template's tasks were last brought in line with, by fullName. */
  async templateFingerprints(): Promise<Map<string, string>> {
    const rows = await this.read<{ full_name: string; fingerprint: string }>(
      'read template fingerprints',
      'SELECT full_name, fingerprint FROM jittask_template_state',
    );
    return new Map(rows.map((row) => [row.full_name, row.fingerprint]));
  }

  /** Every worker that has a heartbeat, freshest first, with its age by the database's clock (`now` on SQLite). */
  async listWorkers(now: number): Promise<WorkerRecord[]> {
    const { clock, params } = this.clock(now);
    const rows = await this.read<WorkerDbRow>(
      'list workers',
      `SELECT *, ${clock} - last_beat AS age_ms FROM jittask_workers ORDER BY last_beat DESC, worker_id`,
      params,
    );
    return rows.map((w) => ({
      workerId: w.worker_id,
      host: w.host,
      pid: w.pid,
      startedAt: Number(w.started_at),
      lastBeat: Number(w.last_beat),
      running: w.running,
      ageMs: Number(w.age_ms),
    }));
  }

  /**
   * The next due time and the last ended task of each template of `fullNames`: two statements
   * whatever their number, each template's last task found along its own index, newest due first,
   * stopping at its first ended task.
   */
  async templateRuns(fullNames: string[]): Promise<Map<string, TemplateRuns>> {
    const action = 'read the runs of templates';
    const { seq } = this.profile;
    const names = this.profile.listParam(fullNames);
    const [next, last] = await Promise.all([
      this.read<{ full_name: string; due: number | string }>(
        action,
        `
        SELECT full_name, MIN(due_at) AS due FROM jittask_tasks
        WHERE status = 'pending' AND ${this.profile.inList('full_name', this.p(1))} GROUP BY full_name`,
        [names],
      ),
      this.read<DbTaskRow>(
        action,
        `
        SELECT t.* FROM (
          SELECT (
            SELECT l.task_id FROM jittask_tasks l WHERE l.full_name = n.name AND l.ended_at IS NOT NULL
            ORDER BY l.due_at DESC, l.${seq} DESC LIMIT 1) AS task_id
          FROM (${this.profile.listRows(this.p(1))}) n) r
        JOIN jittask_tasks t ON t.task_id = r.task_id`,
        [names],
      ),
    ]);
    const dues = new Map(next.map((r) => [r.full_name, Number(r.due)]));
    const lasts = new Map(last.map((r) => [r.full_name, rowCodec.toTaskRow(r)]));
    return new Map(fullNames.map((fullName) => [fullName, { nextDueAt: dues.get(fullName) ?? null, last: lasts.get(fullName) ?? null }]));
  }

  /** Runs, failures and lateness per minute from `from` (epoch ms) on, oldest minute first; minutes without any are absent. */
  async runsPerMinute(from: number): Promise<MinuteRuns[]> {
    const action = 'count runs per minute';
    const [range] = await this.read<{ min: number | string | null; max: number | string | null }>(
      action,
      'SELECT MIN(id) AS min, MAX(id) AS max FROM jittask_task_history',
    );
    const firstId = await firstHistoryIdFrom(from, { min: toNumber(range?.min), max: toNumber(range?.max) }, async (id) => {
      const [row] = await this.read<{ at: number | string }>(
        action,
        `SELECT at FROM jittask_task_history WHERE id >= ${this.p(1)} ORDER BY id LIMIT 1`,
        [id],
      );
      return row ? Number(row.at) : null;
    });
    const rows = await this.read<{
      minute: number | string;
      runs: number | string;
      failures: number | string;
      p95: number | string | null;
    }>(
      action,
      runsPerMinuteSql((n) => this.profile.placeholder(n)),
      [firstId, from],
    );
    return rows.map((r) => ({
      minute: Number(r.minute) * 60_000,
      runs: Number(r.runs),
      failures: Number(r.failures),
      latenessMsP95: Number(r.runs) > 0 && r.p95 !== null ? Number(r.p95) : null,
    }));
  }

  /**
   * History entries after id `afterId` (null: none, only the latest id), at most `limit`, each with
   * its task's template and current status: how a watcher sees what other processes did.
   */
  async historySince(afterId: number | null, limit: number): Promise<{ lastId: number | null; changes: TaskChange[] }> {
    const action = 'read recent history';
    if (afterId === null) {
      const [max] = await this.read<{ id: number | string | null }>(action, 'SELECT MAX(id) AS id FROM jittask_task_history');
      return { lastId: toNumber(max?.id), changes: [] };
    }
    const rows = await this.read<{ id: number | string; task_id: string; full_name: string; status: TaskStatus }>(
      action,
      `
      SELECT h.id, h.task_id, t.full_name, t.status FROM jittask_task_history h JOIN jittask_tasks t ON t.task_id = h.task_id
      WHERE h.id > ${this.p(1)} ORDER BY h.id LIMIT ${this.p(2)}`,
      [afterId, limit],
    );
    const lastRow = rows.at(-1);
    return {
      lastId: lastRow ? Number(lastRow.id) : afterId,
      changes: rows.map((r) => ({ taskId: r.task_id, fullName: r.full_name, status: r.status })),
    };
  }

  /** The `n`-th parameter. */
  private p(n: number): string {
    return this.profile.placeholder(n);
  }

  /** The WHERE clause of a listing's filter in this database's dialect. */
  private filter(filter: Parameters<typeof taskFilterClause>[0], inlineStatus = false): { where: string; params: unknown[] } {
    return this.db.dialect === 'postgres'
      ? taskFilterClause(filter, 'postgres', { inlineStatus })
      : taskFilterClause(filter, 'sqlite', { inlineStatus });
  }

  /** The database's clock as SQL, with the parameter it takes (the caller's `now`) where it has none of its own. */
  private clock(now: number): { clock: string; params: unknown[] } {
    return this.profile.serverNow === null ? { clock: this.p(1), params: [now] } : { clock: this.profile.serverNow, params: [] };
  }

  /** One statement, its failure a `DATABASE_ERROR` naming `action`. */
  private async read<R extends object>(action: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return await this.db.query<R>(sql, params);
    } catch (cause) {
      throw taskStoreError(action, this.db.name, cause);
    }
  }
}

/** A driver's integer (a number, or pg's BIGINT text) as a number; null stays null. */
function toNumber(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
