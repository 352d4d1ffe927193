import type {
  NewTask, TaskFilter, TaskHistoryEntry, TaskOutcome, TaskRow, TaskStatus,
} from '../TaskRecord';

/** One run to end, as {@link TaskStore.finishMany} takes it. */
export interface FinishRequest {
  taskId: string;
  workerId: string;
  /** The attempt that ran, when the caller has it (the scheduler does): the store need not read it back. */
  attempt?: number;
  outcome: TaskOutcome;
  now: number;
  next?: NewTask | null;
}

/** The result of {@link TaskStore.finish}. */
export interface FinishResult {
  /** False when the task was no longer running under this worker (e.g. force-ended meanwhile). */
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
 * Durable storage of tasks and their history. One implementation per database kind; every method
 * that writes does so in one transaction, so a crash leaves either all of a change or none of it.
 * Times are epoch milliseconds.
 */
export interface TaskStore {
  /** Writes all tasks in one transaction (all or nothing). Series tasks whose template already has
   *  a pending occurrence are skipped silently (the unique rule wins); the written rows are returned. */
  insert(tasks: NewTask[]): Promise<TaskRow[]>;
  /** The task, or null. */
  get(taskId: string): Promise<TaskRow | null>;
  /** The task's history, oldest first. */
  history(taskId: string): Promise<TaskHistoryEntry[]>;
  /** Tasks matching the filter, newest due first. */
  list(filter: TaskFilter): Promise<TaskRow[]>;
  /** The earliest `dueAt` of a pending task, or null. */
  nextDueAt(): Promise<number | null>;
  /** Moves up to `limit` pending tasks due at or before `now` to running (earliest first), for this
   *  worker, with a lease until `leaseUntil`; writes a `started` history entry for each. No task is
   *  returned by two calls, even from two processes. */
  claimDue(now: number, limit: number, workerId: string, leaseUntil: number): Promise<TaskRow[]>;
  /** Ends a running task claimed by `workerId` with `outcome` and, in the same transaction, writes
   *  `next` (the following occurrence) if given. Does nothing (finished: false, next not written)
   *  when the task is not running under that worker any more. A date-field `next` whose row has
   *  a pending task already is not written: that one came from the row's newer data meanwhile. */
  finish(taskId: string, workerId: string, outcome: TaskOutcome, now: number, next?: NewTask | null): Promise<FinishResult>;
  /** {@link finish} for many runs in ONE transaction (the scheduler ends runs in groups: one commit
   *  per run would bound throughput); results in the order of `requests`. All or nothing. */
  finishMany(requests: FinishRequest[]): Promise<FinishResult[]>;
  /** Puts a running task of `workerId` back to pending at `dueAt` with `attempt` (a retry),
   *  recording the failed attempt's error in the history. False if it was not running under it. */
  retry(taskId: string, workerId: string, error: TaskOutcome['error'], dueAt: number, attempt: number, now: number): Promise<boolean>;
  /** Marks a pending or running task `forcedEnd` and writes `next` in the same transaction (a
   *  date-field `next` as in {@link finish}). An already final task is left unchanged (changed:
   *  false, next not written). */
  forceEnd(taskId: string, now: number, next?: NewTask | null): Promise<ForceEndResult>;
  /** Removes pending tasks matching the filter (no history is kept for tasks that never ran);
   *  returns their ids. */
  deletePending(filter: { fullName?: string; origin?: NewTask['origin']; rowId?: string; taskIds?: string[] }): Promise<string[]>;
  /** Makes `task` the one pending date-field task of each (template, row) of `changes`, in one
   *  transaction: a pending task equal to it (same due time, type, function and arguments) is kept;
   *  any other is removed and `task`, if given, written. A null `task` removes the row's task. */
  syncRowTasks(changes: RowTaskChange[]): Promise<RowTaskSync>;
  /** The fingerprint each date-field template's tasks were last brought in line with, by fullName. */
  templateFingerprints(): Promise<Map<string, string>>;
  /** Records the fingerprint of template `fullName` (null forgets it). */
  setTemplateFingerprint(fullName: string, fingerprint: string | null, now: number): Promise<void>;
  /** Records an occurrence that was not run (a misfire) in the history of a task id. */
  recordSkipped(entry: Omit<TaskHistoryEntry, 'event'> & { message: string }): Promise<void>;
  /** Extends the lease of the given tasks while they still run under `workerId`; returns the ids
   *  it extended. A task missing from the answer was ended or reclaimed elsewhere (force-ended by
   *  another process, or reaped after a lapse), so the worker must stop treating it as its own. */
  renewLeases(workerId: string, leaseUntil: number, taskIds: string[]): Promise<string[]>;
  /** Calls `onDue` when another process writes a pending task (PostgreSQL LISTEN/NOTIFY); absent
   *  where the database cannot tell. Resolves to a function that stops listening. */
  listen?(onDue: (dueAt: number) => void): Promise<() => Promise<void>>;
  /** Running tasks whose lease ended before `now` (their worker is gone). */
  expiredLeases(now: number): Promise<TaskRow[]>;
  /** Number of tasks per status, for listings and benchmarks. */
  countByStatus(): Promise<Partial<Record<TaskStatus, number>>>;
  /** Releases the store's resources (not the database). */
  close(): Promise<void>;
}
