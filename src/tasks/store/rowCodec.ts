import { JitError } from '../../errors/JitError';
import { isPlainJsonObject } from '../../services/dataTypes';
import type { JsonObject, JsonValue, NewTask, TaskErrorInfo, TaskOrigin, TaskRow, TaskStatus } from '../TaskRecord';

/**
 * How both stores write and read task rows: JSON columns as text, times as integers (better-sqlite3
 * gives numbers, pg gives BIGINT as strings; `Number` reads both).
 */
export const rowCodec = {
  /** Refuses a task whose arguments would not survive the JSON column unchanged. */
  checkArgDict(task: NewTask): void {
    if (isPlainJsonObject(task.argDict)) return;
    throw new JitError(
      'API_PARAMS_ERROR',
      `Task ${task.taskId} of ${task.fullName}: argDict must be a plain JSON object`,
      { fullName: task.fullName, details: { taskId: task.taskId } },
    );
  },

  /** A JSON column's text; null for no value. */
  toJson(value: JsonValue | TaskErrorInfo | null | undefined): string | null {
    return value === undefined || value === null ? null : JSON.stringify(value);
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
}

function toTime(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
