import type { NewTask, RunToken, TaskHistoryEntry, TaskOutcome, TaskRow, TaskStatus, WorkerBeat } from '../TaskRecord';

/** One run to end, as {@link TaskStore.finishMany} takes it. */
export interface FinishRequest {
  /** The claim that ran it: the end is written only while that claim still holds the task. */
  token: RunToken;
  /** Who writes the end (the owner, or a reaper), for the history. */
  workerId: string;
  outcome: TaskOutcome;
  now: number;
  /** The following occurrence to write with the end, or null. */
  next: NewTask | null;
  /**
   * True for a reaper: end the run only if its lease has lapsed by the database's clock, so an owner
   * that renewed it meanwhile keeps it.
   */
  reaping: boolean;
}

/**
 * What became of a late result ({@link TaskStore.recordLate}): it became the task's outcome (the
 * task had been ended as worker lost, or put back for a retry that had not started), it was
 * written to the history only (a later attempt had started, or the task ended otherwise), or it
 * was there already (the owner's own end had been written, only its answer was lost).
 */
export type LateResult = 'outcome' | 'history' | 'recorded';

/** What {@link TaskStore.finishMany} did with one request. */
export interface FinishResult {
  /** False when the request's claim no longer held the task (e.g. force-ended meanwhile), or a reaper found its lease renewed. */
  finished: boolean;
  /** The next occurrence that was written, if any. */
  next: TaskRow | null;
}

/** The result of {@link TaskStore.forceEnd}. */
export interface ForceEndResult {
  /** The status the task had before, or null when no such task exists. */
  previousStatus: TaskStatus | null;
  /** True when this call changed the task (false when it was already final). */
  changed: boolean;
  next: TaskRow | null;
}

/** One (template, row) whose pending date-field task {@link TaskStore.syncRowTasks} sets. */
export interface RowTaskChange {
  fullName: string;
  rowId: string;
  /** The task the row should have pending (of that template and row), or null for none. */
  task: NewTask | null;
}

/** The result of {@link TaskStore.syncRowTasks}. */
export interface RowTaskSync {
  /** Ids of the pending tasks removed. */
  removed: string[];
  /** The tasks written. */
  written: TaskRow[];
}

/**
 * The write path of tasks and their history: every change of the task tables (reads are the read
 * model's, `TaskQueries`). Each method is one operation, a module of src/tasks/store holding the
 * SQL of both dialects side by side (assembled by `createTaskStore`); each writes in one
 * transaction, so a crash leaves either all of a change or none of it. Times are epoch
 * milliseconds. Driver failures surface as `DATABASE_ERROR`.
 *
 * Stores write what they are given: tasks are checked where they are made (`newTask`), and the
 * rules of when to retry, which occurrence comes next and what a late result means live in the
 * engine. What the stores enforce are the database's own rules: at most one pending occurrence per
 * series template and one pending task per date-field (template, row), and the fencing of a run's
 * writes by its claim (`storeSql.heldByClaim`). A write the database refuses fails with
 * `DATABASE_ERROR`, nothing written.
 */
export interface TaskStore {
  /** Writes the tasks as pending, in one transaction, and returns the rows written, in input order.
   *  A series occurrence whose template has a pending one already (in the store or earlier in the
   *  batch) is skipped silently; a repeated taskId or a second pending task of a date-field row
   *  fails the whole batch. */
  insert(tasks: NewTask[]): Promise<TaskRow[]>;
  /** True when the caller may be inside an open transaction of the database (a model hook's), which
   *  its writes join; false only when it is surely outside every one. */
  inTransaction(): boolean;
  /** Moves up to `limit` pending tasks due at or before `now` to running (earliest first), for this
   *  worker, under one new claim id, with a lease of `leaseMs` from the database's clock; writes a
   *  `started` history entry for each. No task is returned by two calls, even from two processes.
   *  Tasks of paused templates are left pending. */
  claimDue(now: number, limit: number, workerId: string, leaseMs: number): Promise<TaskRow[]>;
  /** Ends the runs of `requests` in ONE transaction, all or nothing (the scheduler ends runs in
   *  groups: one commit per run would bound throughput); results in the order of `requests`. For
   *  each request whose claim still holds its task (and, when `reaping`, whose lease has lapsed):
   *  the task takes the outcome (status, result, error) and ends at `now`, its lease cleared; the
   *  history gets an entry of that status with the error's message; and `next`, if given, is written
   *  unless the one-pending rule of its series or of its date-field row already holds a task (a
   *  row's pending task came from the row's newer data while this run went on). Any other request
   *  changes nothing (finished: false, next: null). */
  finishMany(requests: FinishRequest[]): Promise<FinishResult[]>;
  /** Keeps the result of a run whose claim no longer holds its task (see {@link LateResult}): if
   *  the task was ended as worker lost, or put back for a retry that has not started, and it still
   *  carries this claim, the result becomes its outcome (a `completed` one only, for a retry, whose
   *  `next` is then written as {@link finishMany} writes it; a reaper wrote the next occurrence of
   *  a run it ended already); unless the outcome is there already, the history gets a `late` entry
   *  of its attempt. `reaping` is not read. */
  recordLate(request: FinishRequest): Promise<LateResult>;
  /** Puts the run of `token` back to pending at `dueAt` with the next attempt (a retry),
   *  recording the failed attempt's error in the history. False if that claim no longer holds it.
   *  With `reaping`, only if its lease has lapsed (see {@link FinishRequest.reaping}). */
  retry(token: RunToken, workerId: string, error: TaskOutcome['error'], dueAt: number, now: number, reaping: boolean): Promise<boolean>;
  /** Gives back a claimed task that was never started (its claim came back too late to start it):
   *  pending again, the same attempt, its `started` entry removed. False if the claim no longer holds it. */
  release(token: RunToken): Promise<boolean>;
  /** Marks a pending or running task `forcedEnd` (lease cleared, a `forcedEnd` history entry with
   *  the worker that ran it) and writes `next` as {@link finishMany} does, in one transaction. A
   *  task already final is left as it is (changed: false, next not written); an unknown one has no
   *  previous status. */
  forceEnd(taskId: string, now: number, next: NewTask | null): Promise<ForceEndResult>;
  /** Removes pending tasks matching the filter (no history is kept for tasks that never ran);
   *  returns their ids. */
  deletePending(filter: { fullName?: string; origin?: NewTask['origin']; rowId?: string; taskIds?: string[] }): Promise<string[]>;
  /** Makes `task` the one pending date-field task of each (template, row) of `changes`, in one
   *  transaction, all or nothing: a pending task equal to it (same due time, type, function and
   *  arguments) is kept; any other is removed and `task`, if given, written. A null `task` removes
   *  the row's task. A running task of the row is left to end. */
  syncRowTasks(changes: RowTaskChange[]): Promise<RowTaskSync>;
  /** Records the fingerprint of template `fullName` (null forgets it). */
  setTemplateFingerprint(fullName: string, fingerprint: string | null, now: number): Promise<void>;
  /** Pauses template `fullName` for every process sharing the database; false if it was paused already. */
  pauseTemplate(fullName: string, now: number): Promise<boolean>;
  /** Lifts the pause of template `fullName` (its waiting tasks become due); false if it was not paused. */
  resumeTemplate(fullName: string): Promise<boolean>;
  /** Records an occurrence that was not run (a misfire) in the history of a task id. */
  recordSkipped(entry: Omit<TaskHistoryEntry, 'event'> & { message: string }): Promise<void>;
  /** Extends the leases of the runs of `tokens` by `leaseMs` from the database's clock while their
   *  claims still hold them; returns the task ids it extended. A task missing from the answer was
   *  ended or reclaimed elsewhere (force-ended by another process, or reaped after a lapse), so the
   *  worker must stop treating it as its own. `now` is the caller's time (SQLite's clock). */
  renewLeases(leaseMs: number, tokens: RunToken[], now: number): Promise<string[]>;
  /** Records that `worker` is alive (its heartbeat), by the database's clock. */
  heartbeat(worker: WorkerBeat, now: number): Promise<void>;
  /** Forgets a worker (it stopped). */
  removeWorker(workerId: string): Promise<void>;
  /** Calls `onDue` when another process writes a pending task (PostgreSQL LISTEN/NOTIFY); absent
   *  where the database cannot tell. Resolves to a function that stops listening. */
  listen?(onDue: (dueAt: number) => void): Promise<() => Promise<void>>;
  /** Releases the store's resources (not the database). */
  close(): Promise<void>;
}
