import { formatAppTime } from '../time/formatAppTime';
import type { JsonObject, JsonValue, TaskErrorInfo, TaskHistoryEntry, TaskRow, TaskStatus } from './TaskRecord';

/** A task as TaskSvc returns it (SPEC §7.3): times as `YYYY-MM-DD HH:mm:ss` in the app zone. */
export interface TaskRecordView {
  taskId: string;
  fullName: string;
  taskType: string;
  funcName: string;
  argDict: JsonObject;
  /** When it is due. */
  startTime: string;
  /** The due time to the millisecond, ISO 8601 with offset. */
  dueAt: string;
  status: TaskStatus;
  /** A pending task later than the scheduler's tolerance (not a stored status). */
  overdue: boolean;
  rowId: string | null;
  attempt: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  result: JsonValue | null;
  error: TaskErrorInfo | null;
  history?: TaskHistoryView[];
}

/** One history entry as TaskSvc returns it. */
export interface TaskHistoryView {
  event: string;
  attempt: number;
  at: string;
  workerId: string | null;
  message: string | null;
}

/** Formats a stored task for callers. */
export function presentTask(
  row: TaskRow,
  zone: string,
  now: number,
  overdueToleranceMs: number,
  history?: TaskHistoryEntry[],
): TaskRecordView {
  const fmt = (t: number | null): string | null => (t === null ? null : formatAppTime(t, zone));
  const view: TaskRecordView = {
    taskId: row.taskId,
    fullName: row.fullName,
    taskType: row.taskType,
    funcName: row.funcName,
    argDict: row.argDict,
    startTime: formatAppTime(row.dueAt, zone),
    dueAt: new Date(row.dueAt).toISOString(),
    status: row.status,
    overdue: row.status === 'pending' && row.dueAt < now - overdueToleranceMs,
    rowId: row.rowId,
    attempt: row.attempt,
    createdAt: formatAppTime(row.createdAt, zone),
    startedAt: fmt(row.startedAt),
    endedAt: fmt(row.endedAt),
    result: row.result,
    error: row.error,
  };
  if (history) {
    view.history = history.map((h) => ({
      event: h.event,
      attempt: h.attempt,
      at: formatAppTime(h.at, zone),
      workerId: h.workerId,
      message: h.message,
    }));
  }
  return view;
}
