import type { JsonObject, JsonValue, NewTask, TaskErrorInfo, TaskOrigin, TaskRow, TaskStatus } from '../TaskRecord';

/**
 * How both stores write and read task rows: JSON columns as text, times as integers (better-sqlite3
 * gives numbers, pg gives BIGINT as strings; `Number` reads both).
 */
export const rowCodec = {
  /** A JSON column's text; null for no value. */
  toJson(value: JsonValue | TaskErrorInfo | null | undefined): string | null {
    return value === undefined || value === null ? null : JSON.stringify(value);
  },

  /** The row a new task became. Fields listed one by one: an object spread here made large batches three times slower. */
  pendingRow(task: NewTask): TaskRow {
    return {
      taskId: task.taskId,
      fullName: task.fullName,
      taskType: task.taskType,
      funcName: task.funcName,
      argDict: task.argDict,
      dueAt: task.dueAt,
      origin: task.origin,
      rowId: task.rowId ?? null,
      attempt: task.attempt,
      createdAt: task.createdAt,
      status: 'pending',
      startedAt: null,
      endedAt: null,
      result: null,
      error: null,
      workerId: null,
      leaseUntil: null,
      claimId: null,
    };
  },

  /**
   * A task a claim just took: its pending columns as read, the rest as the claim set them. Claims
   * read back only those columns: reading every column made a claim about three times dearer.
   */
  claimedRow(row: PendingDbRow, workerId: string, claimId: string, leaseUntil: number, now: number): TaskRow {
    return {
      taskId: row.task_id,
      fullName: row.full_name,
      taskType: row.task_type,
      funcName: row.func_name,
      argDict: JSON.parse(row.arg_dict) as JsonObject,
      dueAt: Number(row.due_at),
      origin: row.origin,
      rowId: row.row_id,
      attempt: Number(row.attempt),
      createdAt: Number(row.created_at),
      status: 'running',
      startedAt: now,
      endedAt: null,
      result: null,
      error: null,
      workerId,
      leaseUntil,
      claimId,
    };
  },

  /** A row of `jittask_tasks` as a {@link TaskRow}. */
  toTaskRow(row: DbTaskRow): TaskRow {
    return {
      taskId: row.task_id,
      fullName: row.full_name,
      taskType: row.task_type,
      funcName: row.func_name,
      argDict: JSON.parse(row.arg_dict) as JsonObject,
      dueAt: Number(row.due_at),
      status: row.status,
      origin: row.origin,
      rowId: row.row_id,
      attempt: Number(row.attempt),
      createdAt: Number(row.created_at),
      startedAt: toTime(row.started_at),
      endedAt: toTime(row.ended_at),
      result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
      error: row.error === null ? null : (JSON.parse(row.error) as TaskErrorInfo),
      workerId: row.worker_id,
      leaseUntil: toTime(row.lease_until),
      claimId: row.claim_id,
    };
  },
};

/** A row of `jittask_tasks` as a driver returns it, integers as `T` (number, or pg's string). */
export interface DbTaskRow<T extends number | string = number | string> {
  task_id: string;
  full_name: string;
  task_type: string;
  func_name: string;
  arg_dict: string;
  due_at: T;
  status: TaskStatus;
  origin: TaskOrigin;
  row_id: string | null;
  attempt: number;
  created_at: T;
  started_at: T | null;
  ended_at: T | null;
  result: string | null;
  error: string | null;
  worker_id: string | null;
  lease_until: T | null;
  claim_id: string | null;
}

/** The columns of a pending task: what a claim leaves as it was. */
export type PendingDbRow<T extends number | string = number | string> = Pick<
  DbTaskRow<T>,
  'task_id' | 'full_name' | 'task_type' | 'func_name' | 'arg_dict' | 'due_at' | 'origin' | 'row_id' | 'attempt' | 'created_at'
>;

function toTime(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
