import type { Statement } from 'better-sqlite3';
import { databaseError } from '../../db/databaseError';
import type { SqliteDatabase } from '../../db/SqliteDatabase';
import type { NewTask, RunToken, TaskHistoryEntry, TaskOrigin, TaskOutcome, TaskRow, TaskStatus } from '../TaskRecord';
import { isSameRowTask } from './isSameRowTask';
import { newClaimId } from './newClaimId';
import { lateMessage, planLateResult } from './planLateResult';
import { rowCodec, type DbTaskRow } from '../sql/rowCodec';
import { taskFilterClause } from '../sql/taskFilterClause';
import type {
  FinishRequest,
  FinishResult,
  ForceEndResult,
  LateResult,
  RowTaskChange,
  RowTaskSync,
  TaskStore,
  WorkerBeat,
} from './TaskStore';

/**
 * Tasks written by one INSERT in a large batch: one statement of many rows cost a third less per
 * task than one statement per row (200 rows × 10 parameters is far below SQLite's limit).
 */
const ROWS_PER_INSERT = 200;

/** The columns of a new task, as the insert statements list them. */
const INSERT_COLUMNS = '(task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, row_id, attempt, created_at)';
const INSERT_VALUES = "(?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)";

type HistoryParams = [taskId: string, attempt: number, event: string, at: number, workerId: string | null, message: string | null];

/**
 * What a claim returns of each row, as an array (better-sqlite3's raw mode): the columns a pending
 * task has, and its rowid. The rest is known, since the claim just set it. Returning every column
 * as an object tripled the cost of a claim.
 */
type ClaimedDbRow = [
  taskId: string,
  fullName: string,
  taskType: string,
  funcName: string,
  argDict: string,
  dueAt: number,
  origin: TaskOrigin,
  rowId: string | null,
  attempt: number,
  createdAt: number,
  seq: number,
];

/**
 * Leaves out the tasks of paused templates. Against the tiny table of pauses this is one probe of
 * its primary key per row read, and nothing more when no template is paused.
 */
const NOT_PAUSED = 'NOT EXISTS (SELECT 1 FROM jittask_paused_templates p WHERE p.full_name = jittask_tasks.full_name)';

/** The fencing conditions of a write by a run's owner: its claim still holds the task. */
const HELD_BY_CLAIM = "task_id = ? AND status = 'running' AND claim_id = ? AND attempt = ?";

/**
 * The {@link TaskStore} of an SQLite database. Statements are prepared once; every write runs in
 * one IMMEDIATE transaction, which also makes claims safe between processes sharing the file
 * (SQLite has one writer at a time). Driver failures surface as `DATABASE_ERROR`.
 *
 * Ties between tasks due at the same millisecond are broken by insertion order (SQLite's rowid),
 * so claims are first in, first out.
 */
export class SqliteTaskStore implements TaskStore {
  /** One task, and {@link ROWS_PER_INSERT} tasks; parameters as {@link putInsertParams} lays them out. */
  private readonly insertTask: Statement<unknown[]>;
  private readonly insertTasks: Statement<unknown[]>;
  /** One next occurrence (of a run that ends or a task force-ended), parameters as for {@link insertTask}. */
  private readonly insertNextTask: Statement<unknown[]>;
  private readonly selectTask: Statement<[taskId: string], DbTaskRow<number>>;
  private readonly insertHistory: Statement<HistoryParams>;
  private readonly claim: Statement<
    [workerId: string, claimId: string, leaseUntil: number, now: number, dueBy: number, limit: number],
    ClaimedDbRow
  >;
  /** Ends a run: the end's columns, then the run's token ({@link HELD_BY_CLAIM}), then a lease bound. */
  private readonly endRunning: Statement<
    [
      status: TaskStatus,
      result: string | null,
      error: string | null,
      now: number,
      taskId: string,
      claimId: string,
      attempt: number,
      expiredBy: number,
    ]
  >;
  private readonly backToPending: Statement<[dueAt: number, taskId: string, claimId: string, attempt: number, expiredBy: number]>;
  private readonly giveBack: Statement<[taskId: string, claimId: string, attempt: number]>;
  private readonly unlogStart: Statement<[taskId: string, attempt: number, workerId: string]>;
  private readonly lateOutcome: Statement<
    [status: TaskStatus, result: string | null, error: string | null, now: number, attempt: number, taskId: string]
  >;
  private readonly markForcedEnd: Statement<[now: number, taskId: string]>;
  private readonly renew: Statement<[leaseUntil: number, tokens: string], string>;
  private readonly beat: Statement<[workerId: string, host: string, pid: number, startedAt: number, now: number, running: number]>;
  private readonly forgetWorker: Statement<[workerId: string]>;
  private readonly selectRowTask: Statement<[fullName: string, rowId: string], DbTaskRow<number>>;
  private readonly deleteTask: Statement<[taskId: string]>;
  /** Statements prepared on first use: those of {@link list} and {@link deletePending}, one per
   *  combination of filter keys, and those of template fingerprints (a table older schemas lack). */
  private readonly filtered = new Map<string, Statement<(string | number)[], unknown>>();

  constructor(private readonly db: SqliteDatabase) {
    const raw = db.raw;
    // ON CONFLICT names the series index only: a duplicate taskId or a second pending task of a
    // date-field row is a caller's bug and must fail, not vanish.
    this.insertTask = raw.prepare(`
      INSERT INTO jittask_tasks ${INSERT_COLUMNS} VALUES ${INSERT_VALUES}
      ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING`);
    // Without ON CONFLICT: used only for tasks that are not series occurrences, which it cannot skip.
    this.insertTasks = raw.prepare(
      `INSERT INTO jittask_tasks ${INSERT_COLUMNS} VALUES ${Array<string>(ROWS_PER_INSERT).fill(INSERT_VALUES).join(', ')}`,
    );
    // A next occurrence yields to the one-pending rule of its series or of its date-field row (whose
    // pending task came from the row's newer data while this occurrence ran). A duplicate taskId
    // still fails.
    this.insertNextTask = raw.prepare(`
      INSERT INTO jittask_tasks ${INSERT_COLUMNS} VALUES ${INSERT_VALUES}
      ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING
      ON CONFLICT (full_name, row_id) WHERE origin = 'dateField' AND status = 'pending' DO NOTHING`);
    this.selectTask = raw.prepare('SELECT * FROM jittask_tasks WHERE task_id = ?');
    this.insertHistory = raw.prepare(`
      INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message)
      VALUES (?, ?, ?, ?, ?, ?)`);
    // ORDER BY … LIMIT 1 rather than MIN(): it reads the pending index in order and stops at the
    // first task not paused.
    this.claim = raw
      .prepare<[string, string, number, number, number, number], ClaimedDbRow>(
        `
      UPDATE jittask_tasks SET status = 'running', worker_id = ?, claim_id = ?, lease_until = ?, started_at = ?
      WHERE rowid IN (
        SELECT rowid FROM jittask_tasks WHERE status = 'pending' AND due_at <= ? AND ${NOT_PAUSED}
        ORDER BY due_at, rowid LIMIT ?)
      RETURNING task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, rowid`,
      )
      .raw(true);
    // The lease bound is a reaper's (its lease lapsed by then); an owner passes +Infinity's stand-in.
    this.endRunning = raw.prepare(`
      UPDATE jittask_tasks SET status = ?, result = ?, error = ?, ended_at = ?, lease_until = NULL
      WHERE ${HELD_BY_CLAIM} AND lease_until < ?`);
    // The claim id stays: it tells a late result of the attempt that this retry replaced.
    this.backToPending = raw.prepare(`
      UPDATE jittask_tasks
      SET status = 'pending', due_at = ?, attempt = attempt + 1, started_at = NULL, worker_id = NULL, lease_until = NULL
      WHERE ${HELD_BY_CLAIM} AND lease_until < ?`);
    this.giveBack = raw.prepare(`
      UPDATE jittask_tasks SET status = 'pending', started_at = NULL, worker_id = NULL, lease_until = NULL, claim_id = NULL
      WHERE ${HELD_BY_CLAIM}`);
    this.unlogStart = raw.prepare(`
      DELETE FROM jittask_task_history WHERE id = (
        SELECT MAX(id) FROM jittask_task_history WHERE task_id = ? AND attempt = ? AND event = 'started' AND worker_id = ?)`);
    this.lateOutcome = raw.prepare(`
      UPDATE jittask_tasks SET status = ?, result = ?, error = ?, ended_at = ?, attempt = ?, lease_until = NULL WHERE task_id = ?`);
    // A final status is never left.
    this.markForcedEnd = raw.prepare(`
      UPDATE jittask_tasks SET status = 'forcedEnd', ended_at = ?, lease_until = NULL WHERE task_id = ? AND status IN ('pending', 'running')`);
    this.renew = raw
      .prepare<[number, string], string>(
        `
      UPDATE jittask_tasks SET lease_until = ?
      WHERE status = 'running' AND (task_id, claim_id, attempt) IN (
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))
      RETURNING task_id`,
      )
      .pluck();
    this.beat = raw.prepare(`
      INSERT INTO jittask_workers (worker_id, host, pid, started_at, last_beat, running) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (worker_id) DO UPDATE SET last_beat = excluded.last_beat, running = excluded.running`);
    this.forgetWorker = raw.prepare('DELETE FROM jittask_workers WHERE worker_id = ?');
    // The literal conditions let SQLite use the partial unique index of pending date-field tasks.
    this.selectRowTask = raw.prepare(`
      SELECT * FROM jittask_tasks WHERE origin = 'dateField' AND status = 'pending' AND full_name = ? AND row_id = ?`);
    this.deleteTask = raw.prepare('DELETE FROM jittask_tasks WHERE task_id = ?');
  }

  /**
   * Writes the batch in one transaction, {@link ROWS_PER_INSERT} tasks a statement where none of
   * them is a series occurrence (those may be skipped, so go one by one).
   */
  async insert(tasks: NewTask[]): Promise<TaskRow[]> {
    return this.write('insert tasks', () => {
      const written: TaskRow[] = [];
      // Filled in place for each statement.
      const params = new Array<unknown>(ROWS_PER_INSERT * 10);
      let i = 0;
      while (i < tasks.length) {
        const end = i + ROWS_PER_INSERT;
        if (end <= tasks.length && !tasks.slice(i, end).some((task) => task.origin === 'series')) {
          for (let j = i, at = 0; j < end; j++) {
            at = putInsertParams(tasks[j]!, params, at);
            written.push(rowCodec.pendingRow(tasks[j]!));
          }
          this.insertTasks.run(params);
          i = end;
        } else {
          const row = this.insertOne(tasks[i]!);
          if (row) written.push(row);
          i += 1;
        }
      }
      return written;
    });
  }

  inTransaction(): boolean {
    return this.db.isInTransaction();
  }

  async claimDue(now: number, limit: number, workerId: string, leaseMs: number): Promise<TaskRow[]> {
    const claimId = newClaimId();
    const leaseUntil = now + leaseMs;
    return this.write('claim due tasks', () => {
      const rows = this.claim.all(workerId, claimId, leaseUntil, now, now, limit);
      // RETURNING gives no order: restore the claim order, earliest due first.
      rows.sort((a, b) => a[5] - b[5] || a[10] - b[10]);
      return rows.map(([task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at]) => {
        this.insertHistory.run(task_id, attempt, 'started', now, workerId, null);
        return rowCodec.claimedRow(
          { task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at },
          workerId,
          claimId,
          leaseUntil,
          now,
        );
      });
    });
  }

  async finishMany(requests: FinishRequest[]): Promise<FinishResult[]> {
    return this.write('finish tasks', () =>
      requests.map(({ token, workerId, outcome, now, next, reaping }) => {
        const { taskId, claimId, attempt } = token;
        const ended = this.endRunning.run(
          outcome.status,
          rowCodec.toJson(outcome.result),
          rowCodec.toJson(outcome.error),
          now,
          taskId,
          claimId,
          attempt,
          leaseBound(now, reaping),
        );
        if (ended.changes === 0) return { finished: false, next: null };
        this.insertHistory.run(taskId, attempt, outcome.status, now, workerId, outcome.error?.message ?? null);
        return { finished: true, next: next ? this.insertOne(next, this.insertNextTask) : null };
      }),
    );
  }

  async recordLate(request: FinishRequest): Promise<LateResult> {
    return this.write('record a late result', () => {
      const { token, workerId, outcome, now, next } = request;
      const stored = this.selectTask.get(token.taskId);
      const plan = planLateResult(stored ? rowCodec.toTaskRow(stored) : null, request);
      if (plan.write === 'none') return plan.result;
      if (plan.write === 'outcome') {
        this.lateOutcome.run(
          outcome.status,
          rowCodec.toJson(outcome.result),
          rowCodec.toJson(outcome.error),
          now,
          token.attempt,
          token.taskId,
        );
        if (plan.next && next) this.insertOne(next, this.insertNextTask);
      }
      this.insertHistory.run(token.taskId, token.attempt, 'late', now, workerId, lateMessage(request, plan.result));
      return plan.result;
    });
  }

  /**
   * The failed attempt goes to the history as an `error` event with its message; the task's own
   * `error` stays empty, since it describes how the task finally ended.
   */
  async retry(
    token: RunToken,
    workerId: string,
    error: TaskOutcome['error'],
    dueAt: number,
    now: number,
    reaping: boolean,
  ): Promise<boolean> {
    return this.write('retry a task', () => {
      if (this.backToPending.run(dueAt, token.taskId, token.claimId, token.attempt, leaseBound(now, reaping)).changes === 0) return false;
      this.insertHistory.run(token.taskId, token.attempt, 'error', now, workerId, error?.message ?? null);
      return true;
    });
  }

  async release(token: RunToken): Promise<boolean> {
    return this.write('give back a task', () => {
      const stored = this.selectTask.get(token.taskId);
      if (this.giveBack.run(token.taskId, token.claimId, token.attempt).changes === 0) return false;
      this.unlogStart.run(token.taskId, token.attempt, stored?.worker_id ?? '');
      return true;
    });
  }

  /** Also writes a `forcedEnd` history entry (with the worker that was running it, if any). */
  async forceEnd(taskId: string, now: number, next: NewTask | null): Promise<ForceEndResult> {
    return this.write('force-end a task', () => {
      const task = this.selectTask.get(taskId);
      if (!task) return { previousStatus: null, changed: false, next: null };
      if (this.markForcedEnd.run(now, taskId).changes === 0) return { previousStatus: task.status, changed: false, next: null };
      this.insertHistory.run(taskId, task.attempt, 'forcedEnd', now, task.worker_id, null);
      return { previousStatus: task.status, changed: true, next: next ? this.insertOne(next, this.insertNextTask) : null };
    });
  }

  /** An empty filter removes every pending task; `taskIds: []` removes none. History is kept. */
  async deletePending(filter: { fullName?: string; origin?: TaskOrigin; rowId?: string; taskIds?: string[] }): Promise<string[]> {
    return this.write('delete pending tasks', () => {
      const { where, params } = taskFilterClause({ ...filter, status: 'pending' }, 'sqlite');
      const sql = `DELETE FROM jittask_tasks${where} RETURNING task_id`;
      return (this.filteredStatement(sql).all(...params) as { task_id: string }[]).map((row) => row.task_id);
    });
  }

  async syncRowTasks(changes: RowTaskChange[]): Promise<RowTaskSync> {
    return this.write('sync the tasks of rows', () => {
      const removed: string[] = [];
      const written: TaskRow[] = [];
      for (const { fullName, rowId, task } of changes) {
        const existing = this.selectRowTask.get(fullName, rowId);
        if (
          existing &&
          task &&
          isSameRowTask(
            { dueAt: existing.due_at, taskType: existing.task_type, funcName: existing.func_name, argDictJson: existing.arg_dict },
            task,
          )
        )
          continue;
        if (existing) {
          this.deleteTask.run(existing.task_id);
          removed.push(existing.task_id);
        }
        const row = task ? this.insertOne(task) : null;
        if (row) written.push(row);
      }
      return { removed, written };
    });
  }

  async setTemplateFingerprint(fullName: string, fingerprint: string | null, now: number): Promise<void> {
    await this.write('record a template fingerprint', () => {
      if (fingerprint === null) {
        this.filteredStatement('DELETE FROM jittask_template_state WHERE full_name = ?').run(fullName);
        return;
      }
      this.filteredStatement(
        `
        INSERT INTO jittask_template_state (full_name, fingerprint, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (full_name) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`,
      ).run(fullName, fingerprint, now);
    });
  }

  async pauseTemplate(fullName: string, now: number): Promise<boolean> {
    return this.write(
      'pause a template',
      () =>
        this.filteredStatement(
          'INSERT INTO jittask_paused_templates (full_name, paused_at) VALUES (?, ?) ON CONFLICT (full_name) DO NOTHING',
        ).run(fullName, now).changes > 0,
    );
  }

  async resumeTemplate(fullName: string): Promise<boolean> {
    return this.write(
      'resume a template',
      () => this.filteredStatement('DELETE FROM jittask_paused_templates WHERE full_name = ?').run(fullName).changes > 0,
    );
  }

  async recordSkipped(entry: Omit<TaskHistoryEntry, 'event'> & { message: string }): Promise<void> {
    await this.write('record a skipped occurrence', () => {
      this.insertHistory.run(entry.taskId, entry.attempt, 'skipped', entry.at, entry.workerId, entry.message);
    });
  }

  async renewLeases(leaseMs: number, tokens: RunToken[], now: number): Promise<string[]> {
    const triples = JSON.stringify(tokens.map((t) => [t.taskId, t.claimId, t.attempt]));
    return this.write('renew leases', () => this.renew.all(now + leaseMs, triples));
  }

  async heartbeat(worker: WorkerBeat, now: number): Promise<void> {
    await this.write('record a heartbeat', () => {
      this.beat.run(worker.workerId, worker.host, worker.pid, worker.startedAt, now, worker.running);
    });
  }

  async removeWorker(workerId: string): Promise<void> {
    await this.write('remove a worker', () => {
      this.forgetWorker.run(workerId);
    });
  }

  /** Forgets the statements built for filters; the fixed ones go with the database. */
  async close(): Promise<void> {
    this.filtered.clear();
  }

  /** Writes one task inside the caller's transaction; null when a one-pending rule of `insert` skipped it. */
  private insertOne(task: NewTask, insert = this.insertTask): TaskRow | null {
    const params: unknown[] = [];
    putInsertParams(task, params, 0);
    return insert.run(params).changes === 0 ? null : rowCodec.pendingRow(task);
  }

  private filteredStatement(sql: string): Statement<(string | number)[], unknown> {
    let statement = this.filtered.get(sql);
    if (!statement) {
      statement = this.db.raw.prepare(sql);
      this.filtered.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one transaction in this caller's turn on the connection (`SqliteDatabase.write`):
   * inside a model transaction of the caller (a hook), or after any such transaction of other code
   * has ended, so that a rollback there never undoes this write.
   */
  private async write<T>(action: string, fn: () => T): Promise<T> {
    try {
      return await this.db.write(fn);
    } catch (cause) {
      throw databaseError(`Task store could not ${action} in ${this.db.file}`, this.db.file, cause);
    }
  }

  /** Runs `fn`, turning a driver failure into `DATABASE_ERROR`. */
  private guard<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      throw databaseError(`Task store could not ${action} in ${this.db.file}`, this.db.file, cause);
    }
  }
}

/**
 * The bound a run's lease must be below for a write to end it: the reaper's `now` (the lease has
 * lapsed), or, for the owner, no bound at all.
 */
function leaseBound(now: number, reaping: boolean): number {
  return reaping ? now : Number.MAX_SAFE_INTEGER;
}

/**
 * Puts the parameters of `task` into `params` from index `at`, in the order of {@link INSERT_COLUMNS},
 * and returns the index after them: one array serves a whole multi-row statement.
 */
function putInsertParams(task: NewTask, params: unknown[], at: number): number {
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
