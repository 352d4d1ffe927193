import { databaseError } from '../../db/databaseError';
import type { PgDatabase, PgQueryable } from '../../db/PgDatabase';
import type { NewTask, RunToken, TaskHistoryEntry, TaskOrigin, TaskOutcome, TaskRow } from '../TaskRecord';
import { isSameRowTask } from './isSameRowTask';
import { newClaimId } from './newClaimId';
import { lateMessage, planLateResult } from './planLateResult';
import { rowCodec, type DbTaskRow, type PendingDbRow } from '../sql/rowCodec';
import { taskFilterClause } from '../sql/taskFilterClause';
import { taskQueriesOn } from '../queries/openTaskQueries';
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
 * Tasks per INSERT of a batch. Each chunk is one statement whose columns travel as ten array
 * parameters; bounding it keeps a statement's memory modest on both sides.
 */
const INSERT_CHUNK = 10_000;

/** The channel {@link PgTaskStore} notifies when it writes pending tasks. */
const DUE_CHANNEL = 'jittask_tasks';

/**
 * Writes tasks given as ten arrays, one per column, in their order, and returns the ids written.
 * A series occurrence whose template has a pending one already is left out (the series index);
 * `where` (on each task `t`) may leave out more.
 */
const insertTasksSql = (where: string): string => `
  INSERT INTO jittask_tasks
    (task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, row_id, attempt, created_at)
  SELECT t.task_id, t.full_name, t.task_type, t.func_name, t.arg_dict, t.due_at, 'pending', t.origin, t.row_id, t.attempt, t.created_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bigint[])
    WITH ORDINALITY AS t(task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, n)${where}
  ORDER BY t.n
  ON CONFLICT (full_name) WHERE origin = 'series' AND status = 'pending' DO NOTHING
  RETURNING task_id`;

/** New tasks: a duplicate taskId or a second pending task of a date-field row is a caller's bug and fails. */
const INSERT_TASKS = insertTasksSql('');

/**
 * Next occurrences: they also yield to the one-pending rule of their date-field row (whose pending
 * task came from the row's newer data while this occurrence ran). PostgreSQL takes one ON CONFLICT
 * target, so this rule is a NOT EXISTS; the literal conditions let it use the row index.
 */
const INSERT_NEXT = insertTasksSql(`
  WHERE NOT EXISTS (
    SELECT 1 FROM jittask_tasks p WHERE p.origin = 'dateField' AND p.status = 'pending' AND p.full_name = t.full_name AND p.row_id = t.row_id)`);

/**
 * The server's clock in epoch ms. Leases and heartbeats are set and judged by it, not by each
 * process's own: processes on several machines whose clocks disagree by more than a lease would
 * otherwise reap each other's live runs.
 */
const DB_NOW = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

const INSERT_HISTORY = `
  INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message) VALUES ($1, $2, $3, $4, $5, $6)`;

/**
 * Leaves out the tasks of paused templates: an anti-join against the tiny table of pauses, which
 * when empty costs the claim nothing measurable (see the plans in the README).
 */
const NOT_PAUSED = 'NOT EXISTS (SELECT 1 FROM jittask_paused_templates p WHERE p.full_name = jittask_tasks.full_name)';

/** Below every due time (epoch ms as a JavaScript number): the open end of a claim's due range. */
const MIN_DUE_AT = Number.MIN_SAFE_INTEGER;

/**
 * $1 worker, $2 lease length (ms, from the server's clock), $3 now, $4 limit, $5 claim id. Rows come back in claim order (due time, then
 * insertion).
 *
 * Two plans are pinned down without hints. The due range is closed (a lower bound no task is
 * below): on a table without statistics (just filled, autovacuum not yet by), PostgreSQL takes an
 * open range `due_at <= now` for a third of the table and sorts every pending task to take the
 * first few, while it estimates a closed range as narrow and reads the index in order, the plan
 * it also picks with statistics. And the ids are gathered into an array before the update:
 * `task_id IN (subquery)` let it hash-join them against a scan of the whole table, finished tasks
 * included, while `= ANY(array)` reads the primary key.
 */
const CLAIM_DUE = `
  WITH claimed AS (
    UPDATE jittask_tasks SET status = 'running', worker_id = $1, claim_id = $5, lease_until = ${DB_NOW} + $2, started_at = $3
    WHERE task_id = ANY(ARRAY(
      SELECT task_id FROM jittask_tasks WHERE status = 'pending' AND due_at BETWEEN ${MIN_DUE_AT} AND $3 AND ${NOT_PAUSED}
      ORDER BY due_at, seq LIMIT $4
      FOR UPDATE SKIP LOCKED))
    RETURNING task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, seq, lease_until
  ), logged AS (
    INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message)
    SELECT task_id, attempt, 'started', $3, $1, NULL FROM claimed ORDER BY due_at, seq
  )
  SELECT task_id, full_name, task_type, func_name, arg_dict, due_at, origin, row_id, attempt, created_at, lease_until
  FROM claimed ORDER BY due_at, seq`;

/**
 * Ends the running tasks of a group and writes their history, from ten arrays: $1 task ids,
 * $2 workers, $3 final statuses, $4 results, $5 errors (JSON text), $6 end times, $7 error
 * messages, and each run's token and kind, $8 claim ids, $9 attempts, $10 reaping (end only a
 * lapsed lease). Returns the ids it ended.
 *
 * `locked` takes the rows' locks in task id order, as renewLeases does (two orders could
 * deadlock), before anything is updated: the update only touches rows `locked` has emitted, and
 * it emits them in that order (MATERIALIZED keeps it one scan the planner cannot fold into the
 * update). A row changed by another transaction meanwhile is re-checked by PostgreSQL against the
 * update's conditions, so a task force-ended in between is left alone. One statement, so it is
 * all or nothing without a transaction of its own.
 */
const FINISH_RUNS = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bool[])
      AS i(task_id, worker_id, status, result, error, now, message, claim_id, attempt, reaping)
  ), locked AS MATERIALIZED (
    SELECT t.task_id, i.worker_id, i.status, i.result, i.error, i.now, i.message, i.claim_id, i.attempt, i.reaping
    FROM input i JOIN jittask_tasks t ON t.task_id = i.task_id
    WHERE t.status = 'running' AND t.claim_id = i.claim_id AND t.attempt = i.attempt
    ORDER BY t.task_id
    FOR UPDATE OF t
  ), ended AS (
    UPDATE jittask_tasks t
    SET status = l.status, result = l.result, error = l.error, ended_at = l.now, lease_until = NULL
    FROM locked l
    WHERE t.task_id = l.task_id AND t.status = 'running' AND t.claim_id = l.claim_id AND t.attempt = l.attempt
      AND (NOT l.reaping OR t.lease_until < ${DB_NOW})
    RETURNING t.task_id, t.attempt, l.status, l.now, l.worker_id, l.message
  ), history AS (
    INSERT INTO jittask_task_history (task_id, attempt, event, at, worker_id, message)
    SELECT task_id, attempt, status, now, worker_id, message FROM ended
  )
  SELECT task_id FROM ended`;

/**
 * The {@link TaskStore} of a PostgreSQL database, with exactly the behaviour of `SqliteTaskStore`.
 * The database connects and migrates on the first call, so the store can be created synchronously.
 * Driver failures surface as `DATABASE_ERROR`.
 *
 * Several processes may share the database: a claim is one statement that locks the rows it takes
 * with `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait for each other nor take one
 * task twice; writes that read first lock the row they read. Ties between tasks due at the same
 * millisecond are broken by insertion order (the `seq` column), so claims are first in, first out.
 *
 * Every transaction that writes pending tasks sends `NOTIFY jittask_tasks, '<earliest dueAt>'`,
 * delivered when it commits; {@link listen} lets another process's scheduler wake up for them.
 */
export class PgTaskStore implements TaskStore {
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(private readonly db: PgDatabase) {}

  /**
   * Writes the batch in one transaction, in chunks of multi-row INSERTs whose columns are array
   * parameters (100,000 tasks take a few seconds).
   */
  async insert(tasks: NewTask[]): Promise<TaskRow[]> {
    return this.write('insert tasks', (tx) => insertTasks(tx, tasks));
  }

  inTransaction(): boolean {
    return this.db.isInTransaction();
  }

  /**
   * One statement: locks up to `limit` due rows others have not locked, updates them, logs them.
   * Only the columns a pending task has are sent back; the rest is what the claim just set.
   */
  async claimDue(now: number, limit: number, workerId: string, leaseMs: number): Promise<TaskRow[]> {
    const claimId = newClaimId();
    return this.guard('claim due tasks', async () => {
      const rows = await this.db.query<PendingDbRow<string> & { lease_until: string }>(CLAIM_DUE, [workerId, leaseMs, now, limit, claimId]);
      return rows.map((row) => rowCodec.claimedRow(row, workerId, claimId, Number(row.lease_until), now));
    });
  }

  /**
   * A group without next occurrences (one-off tasks) is one statement, {@link FINISH_RUNS}, and
   * one round trip. With next occurrences it is a transaction: that statement, then the
   * occurrences of the runs it ended.
   */
  async finishMany(requests: FinishRequest[]): Promise<FinishResult[]> {
    const params = [
      requests.map((r) => r.token.taskId),
      requests.map((r) => r.workerId),
      requests.map((r) => r.outcome.status),
      requests.map((r) => rowCodec.toJson(r.outcome.result)),
      requests.map((r) => rowCodec.toJson(r.outcome.error)),
      requests.map((r) => r.now),
      requests.map((r) => r.outcome.error?.message ?? null),
      requests.map((r) => r.token.claimId),
      requests.map((r) => r.token.attempt),
      requests.map((r) => r.reaping),
    ];
    if (!requests.some((r) => r.next)) {
      return this.guard('finish tasks', async () => {
        const finished = new Set((await this.db.query<{ task_id: string }>(FINISH_RUNS, params)).map((r) => r.task_id));
        return requests.map((r) => ({ finished: finished.has(r.token.taskId), next: null }));
      });
    }
    return this.write('finish tasks', async (tx) => {
      const finished = new Set((await tx.query<{ task_id: string }>(FINISH_RUNS, params)).map((r) => r.task_id));
      const results: FinishResult[] = [];
      for (const { token, next } of requests) {
        const done = finished.has(token.taskId);
        results.push({ finished: done, next: done && next ? await insertNext(tx, next) : null });
      }
      return results;
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
    return this.write('retry a task', async (tx) => {
      // The claim id stays: it tells a late result of the attempt that this retry replaced.
      const retried = await tx.query(
        `
        UPDATE jittask_tasks
        SET status = 'pending', due_at = $1, attempt = attempt + 1, started_at = NULL, worker_id = NULL, lease_until = NULL
        WHERE task_id = $2 AND status = 'running' AND claim_id = $3 AND attempt = $4 AND (NOT $5 OR lease_until < ${DB_NOW})
        RETURNING 1`,
        [dueAt, token.taskId, token.claimId, token.attempt, reaping],
      );
      if (retried.length === 0) return false;
      await tx.query(INSERT_HISTORY, [token.taskId, token.attempt, 'error', now, workerId, error?.message ?? null]);
      await notifyDue(tx, dueAt);
      return true;
    });
  }

  async release(token: RunToken): Promise<boolean> {
    return this.write('give back a task', async (tx) => {
      const [held] = await tx.query<{ worker_id: string; due_at: string }>(
        `
        SELECT worker_id, due_at FROM jittask_tasks WHERE task_id = $1 AND status = 'running' AND claim_id = $2 AND attempt = $3
        FOR UPDATE`,
        [token.taskId, token.claimId, token.attempt],
      );
      if (!held) return false;
      await tx.query(
        `
        UPDATE jittask_tasks SET status = 'pending', started_at = NULL, worker_id = NULL, lease_until = NULL, claim_id = NULL
        WHERE task_id = $1`,
        [token.taskId],
      );
      await tx.query(
        `
        DELETE FROM jittask_task_history WHERE id = (
          SELECT MAX(id) FROM jittask_task_history WHERE task_id = $1 AND attempt = $2 AND event = 'started' AND worker_id = $3)`,
        [token.taskId, token.attempt, held.worker_id],
      );
      await notifyDue(tx, Number(held.due_at));
      return true;
    });
  }

  async recordLate(request: FinishRequest): Promise<LateResult> {
    return this.write('record a late result', async (tx) => {
      const { token, workerId, outcome, now, next } = request;
      const [stored] = await tx.query<DbTaskRow<string>>('SELECT * FROM jittask_tasks WHERE task_id = $1 FOR UPDATE', [token.taskId]);
      const plan = planLateResult(stored ? rowCodec.toTaskRow(stored) : null, request);
      if (plan.write === 'none') return plan.result;
      if (plan.write === 'outcome') {
        await tx.query(
          `
          UPDATE jittask_tasks SET status = $1, result = $2, error = $3, ended_at = $4, attempt = $5, lease_until = NULL WHERE task_id = $6`,
          [outcome.status, rowCodec.toJson(outcome.result), rowCodec.toJson(outcome.error), now, token.attempt, token.taskId],
        );
        if (plan.next && next) await insertNext(tx, next);
      }
      await tx.query(INSERT_HISTORY, [token.taskId, token.attempt, 'late', now, workerId, lateMessage(request, plan.result)]);
      return plan.result;
    });
  }

  /** Also writes a `forcedEnd` history entry (with the worker that was running it, if any). */
  async forceEnd(taskId: string, now: number, next: NewTask | null): Promise<ForceEndResult> {
    return this.write('force-end a task', async (tx) => {
      // Locked, so a worker finishing it meanwhile waits and then finds it no longer running.
      const [task] = await tx.query<DbTaskRow<string>>('SELECT * FROM jittask_tasks WHERE task_id = $1 FOR UPDATE', [taskId]);
      if (!task) return { previousStatus: null, changed: false, next: null };
      // A final status is never left.
      const ended = await tx.query(
        `
        UPDATE jittask_tasks SET status = 'forcedEnd', ended_at = $1, lease_until = NULL WHERE task_id = $2 AND status IN ('pending', 'running')
        RETURNING 1`,
        [now, taskId],
      );
      if (ended.length === 0) return { previousStatus: task.status, changed: false, next: null };
      await tx.query(INSERT_HISTORY, [taskId, task.attempt, 'forcedEnd', now, task.worker_id, null]);
      return { previousStatus: task.status, changed: true, next: next ? await insertNext(tx, next) : null };
    });
  }

  /** An empty filter removes every pending task; `taskIds: []` removes none. History is kept.
   *  Ids come in insertion order. */
  async deletePending(filter: { fullName?: string; origin?: TaskOrigin; rowId?: string; taskIds?: string[] }): Promise<string[]> {
    return this.guard('delete pending tasks', async () => {
      const { where, params } = taskFilterClause({ ...filter, status: 'pending' }, 'postgres');
      const rows = await this.db.query<{ task_id: string }>(
        `
        WITH removed AS (DELETE FROM jittask_tasks${where} RETURNING task_id, seq)
        SELECT task_id FROM removed ORDER BY seq`,
        params,
      );
      return rows.map((row) => row.task_id);
    });
  }

  /** Locks the rows' pending tasks while it compares them. */
  async syncRowTasks(changes: RowTaskChange[]): Promise<RowTaskSync> {
    return this.write('sync the tasks of rows', async (tx) => {
      const existing = await tx.query<DbTaskRow<string>>(
        `
        SELECT * FROM jittask_tasks
        WHERE origin = 'dateField' AND status = 'pending'
          AND (full_name, row_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        FOR UPDATE`,
        [changes.map((c) => c.fullName), changes.map((c) => c.rowId)],
      );
      const byRow = new Map(existing.map((row) => [`${row.full_name}\u0000${row.row_id ?? ''}`, row]));
      const removed: string[] = [];
      const toWrite: NewTask[] = [];
      for (const { fullName, rowId, task } of changes) {
        const key = `${fullName}\u0000${rowId}`;
        const stored = byRow.get(key);
        if (
          stored &&
          task &&
          isSameRowTask(
            { dueAt: Number(stored.due_at), taskType: stored.task_type, funcName: stored.func_name, argDictJson: stored.arg_dict },
            task,
          )
        )
          continue;
        if (stored) {
          removed.push(stored.task_id);
          byRow.delete(key);
        }
        if (task) toWrite.push(task);
      }
      if (removed.length > 0) await tx.query('DELETE FROM jittask_tasks WHERE task_id = ANY($1::text[])', [removed]);
      return { removed, written: await insertTasks(tx, toWrite) };
    });
  }

  async setTemplateFingerprint(fullName: string, fingerprint: string | null, now: number): Promise<void> {
    await this.guard('record a template fingerprint', () =>
      fingerprint === null
        ? this.db.query('DELETE FROM jittask_template_state WHERE full_name = $1', [fullName])
        : this.db.query(
            `
        INSERT INTO jittask_template_state (full_name, fingerprint, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (full_name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, updated_at = EXCLUDED.updated_at`,
            [fullName, fingerprint, now],
          ),
    );
  }

  async pauseTemplate(fullName: string, now: number): Promise<boolean> {
    return this.guard(
      'pause a template',
      async () =>
        (
          await this.db.query(
            `
      INSERT INTO jittask_paused_templates (full_name, paused_at) VALUES ($1, $2) ON CONFLICT (full_name) DO NOTHING RETURNING 1`,
            [fullName, now],
          )
        ).length > 0,
    );
  }

  /** Other processes' schedulers are woken (NOTIFY) for the template's earliest pending task. */
  async resumeTemplate(fullName: string): Promise<boolean> {
    return this.write('resume a template', async (tx) => {
      const removed = await tx.query('DELETE FROM jittask_paused_templates WHERE full_name = $1 RETURNING 1', [fullName]);
      if (removed.length === 0) return false;
      const [row] = await tx.query<{ due_at: string | null }>(
        "SELECT MIN(due_at) AS due_at FROM jittask_tasks WHERE status = 'pending' AND full_name = $1",
        [fullName],
      );
      if (row?.due_at != null) await notifyDue(tx, Number(row.due_at));
      return true;
    });
  }

  async recordSkipped(entry: Omit<TaskHistoryEntry, 'event'> & { message: string }): Promise<void> {
    await this.guard('record a skipped occurrence', () =>
      this.db.query(INSERT_HISTORY, [entry.taskId, entry.attempt, 'skipped', entry.at, entry.workerId, entry.message]),
    );
  }

  /** `now` is not used: the lease runs from the server's clock. */
  async renewLeases(leaseMs: number, tokens: RunToken[]): Promise<string[]> {
    return this.guard('renew leases', async () => {
      const rows = await this.db.query<{ task_id: string }>(
        // Rows are locked in task id order, as finishMany takes them: two orders could deadlock.
        `UPDATE jittask_tasks SET lease_until = ${DB_NOW} + $1 WHERE task_id IN (
           SELECT t.task_id FROM jittask_tasks t
           JOIN unnest($2::text[], $3::text[], $4::int[]) AS i(task_id, claim_id, attempt)
             ON t.task_id = i.task_id AND t.claim_id = i.claim_id AND t.attempt = i.attempt
           WHERE t.status = 'running'
           ORDER BY t.task_id FOR UPDATE OF t)
         RETURNING task_id`,
        [leaseMs, tokens.map((t) => t.taskId), tokens.map((t) => t.claimId), tokens.map((t) => t.attempt)],
      );
      return rows.map((r) => r.task_id);
    });
  }

  /** `now` is not used: the beat is the server's time. */
  async heartbeat(worker: WorkerBeat): Promise<void> {
    await this.guard('record a heartbeat', () =>
      this.db.query(
        `
      INSERT INTO jittask_workers (worker_id, host, pid, started_at, last_beat, running) VALUES ($1, $2, $3, $4, ${DB_NOW}, $5)
      ON CONFLICT (worker_id) DO UPDATE SET last_beat = excluded.last_beat, running = excluded.running`,
        [worker.workerId, worker.host, worker.pid, worker.startedAt, worker.running],
      ),
    );
  }

  async removeWorker(workerId: string): Promise<void> {
    await this.guard('remove a worker', () => this.db.query('DELETE FROM jittask_workers WHERE worker_id = $1', [workerId]));
  }

  /**
   * Calls `onDue` with the earliest due time of the pending tasks each committed write added,
   * from any process sharing the database, so a scheduler sleeping until a later time can wake up
   * sooner. Listens on a connection of its own; when it drops, it is opened again with backoff
   * (0.1 s doubling to 5 s), and `onDue` then gets the current next due time (`TaskQueries.nextDueAt`), because what was
   * written meanwhile went unheard. `onDue` must not throw. Wake-ups are hints, not a queue: a
   * scheduler still polls, and notifications may arrive for tasks already claimed.
   *
   * @returns A function that stops listening; {@link close} stops every listener of the store.
   * @throws JitError `DATABASE_ERROR` when the first connection fails.
   */
  async listen(onDue: (dueAt: number) => void): Promise<() => Promise<void>> {
    const onNotify = (payload: string): void => {
      const dueAt = Number(payload);
      if (payload !== '' && Number.isSafeInteger(dueAt)) onDue(dueAt);
    };
    const onReconnect = (): void => {
      // A failed read is dropped: the scheduler's own polling finds the tasks all the same.
      taskQueriesOn(this.db)
        .nextDueAt()
        .then(
          (dueAt) => {
            if (dueAt !== null) onDue(dueAt);
          },
          () => {},
        );
    };
    const stop = await this.db.listen(DUE_CHANNEL, onNotify, onReconnect);
    const unlisten = async (): Promise<void> => {
      this.listeners.delete(unlisten);
      await stop();
    };
    this.listeners.add(unlisten);
    return unlisten;
  }

  /** Stops the store's listeners; the database stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((unlisten) => unlisten()));
  }

  private write<T>(action: string, fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    return this.guard(action, () => this.db.transaction(() => fn(this.db)));
  }

  /** Runs `fn`, turning a driver failure into `DATABASE_ERROR`. */
  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw databaseError(`Task store could not ${action} in ${this.db.url}`, this.db.url, cause);
    }
  }
}

/**
 * Writes `tasks` with `sql` inside the caller's transaction and notifies their earliest due time.
 * Returns the written rows in input order; tasks skipped by a one-pending rule are left out.
 */
async function insertTasks(tx: PgQueryable, tasks: NewTask[], sql = INSERT_TASKS): Promise<TaskRow[]> {
  const written: TaskRow[] = [];
  for (let start = 0; start < tasks.length; start += INSERT_CHUNK) {
    const chunk = tasks.slice(start, start + INSERT_CHUNK);
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
}

/** Writes a next occurrence inside the caller's transaction ({@link INSERT_NEXT}); null when a one-pending rule skipped it. */
async function insertNext(tx: PgQueryable, next: NewTask): Promise<TaskRow | null> {
  const [row] = await insertTasks(tx, [next], INSERT_NEXT);
  return row ?? null;
}

/** Tells listeners, on commit, that a task is pending from `dueAt`. */
async function notifyDue(tx: PgQueryable, dueAt: number): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [DUE_CHANNEL, String(dueAt)]);
}
