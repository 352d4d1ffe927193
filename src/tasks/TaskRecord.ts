import type { JsonObject, JsonValue } from '../json/JsonValue';

/** The statuses a task goes through (SPEC §7.3). */
export const TASK_STATUSES = ['pending', 'running', 'completed', 'error', 'timeout', 'forcedEnd'] as const;

/** One of {@link TASK_STATUSES}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * Where a task came from. `series` tasks are the occurrences of a repeating template (at most one
 * pending per template); `dateField` tasks belong to a row (at most one pending per template and
 * row); `manual` tasks were created through TaskSvc.
 */
export type TaskOrigin = 'series' | 'dateField' | 'manual';

// JSON values live below every family (services read them too); the task wing names them here as before.
export type { JsonObject, JsonValue } from '../json/JsonValue';

/** What a task failed with. */
export interface TaskErrorInfo {
  message: string;
  stack?: string;
}

/** A task to be written. Times are epoch milliseconds. */
export interface NewTask {
  taskId: string;
  fullName: string;
  taskType: string;
  funcName: string;
  argDict: JsonObject;
  dueAt: number;
  origin: TaskOrigin;
  rowId?: string | null;
  /** The attempt, from 1: a new task is at its first (`newTask`). */
  attempt: number;
  createdAt: number;
}

/** A task as stored. Times are epoch milliseconds. */
export interface TaskRow extends Required<NewTask> {
  rowId: string | null;
  status: TaskStatus;
  startedAt: number | null;
  endedAt: number | null;
  result: JsonValue | null;
  error: TaskErrorInfo | null;
  /** The worker that claimed it while running. */
  workerId: string | null;
  /** Until when the worker's claim holds; renewed while the task runs. */
  leaseUntil: number | null;
  /** The id of the claim that took it to running last (kept after it ends: it fences late writes). */
  claimId: string | null;
}

/**
 * The fencing token of one run: which claim took which attempt of the task. Every write that
 * renews or ends the run names it, and changes nothing once another claim (or a reaper) has taken
 * the task over.
 */
export interface RunToken {
  taskId: string;
  claimId: string;
  attempt: number;
}

/** The fencing token of a claimed (or once claimed) task. */
export function tokenOf(row: TaskRow): RunToken {
  return { taskId: row.taskId, claimId: row.claimId ?? '', attempt: row.attempt };
}

/** What a process records of itself at each heartbeat. Times are epoch ms. */
export interface WorkerBeat {
  workerId: string;
  host: string;
  pid: number;
  startedAt: number;
  /** Runs it holds now. */
  running: number;
}

/** One run (attempt) of a task, or a skipped occurrence. */
export interface TaskHistoryEntry {
  taskId: string;
  attempt: number;
  /** `started`, an end status, or `skipped` (a misfired occurrence that was not run). */
  event: string;
  at: number;
  workerId: string | null;
  message: string | null;
}

/** Filter of {@link TaskStore.list}. Times are epoch ms, inclusive bounds on `dueAt`. */
export interface TaskFilter {
  fullName?: string;
  status?: TaskStatus;
  origin?: TaskOrigin;
  from?: number;
  to?: number;
  rowId?: string;
  limit?: number;
  offset?: number;
}

/** How a running task ended. */
export interface TaskOutcome {
  status: Exclude<TaskStatus, 'pending' | 'running'>;
  result?: JsonValue | null;
  error?: TaskErrorInfo | null;
}
