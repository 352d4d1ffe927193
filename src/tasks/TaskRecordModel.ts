import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { isPlainObject } from '../services/plainJson';
import { presentTask, type TaskHistoryView, type TaskRecordView } from './presentTask';
import { TASK_STATUSES, type TaskFilter, type TaskStatus } from './TaskRecord';
import { taskServiceOf } from './taskServiceOf';

/** JitAi's answer of a model's `query`. */
export interface RowDatas<T> {
  rowDatas: T[];
  totalCount: number;
}

/** The arguments of {@link TaskRecordModel.query}: JitAi's, with a filter of `field: value` pairs. */
export interface TaskModelQuery {
  filter?: Record<string, unknown>;
  page?: number;
  size?: number;
}

/**
 * A template's `TaskModel` (JitAi's attribute): its task records read through a model-like API,
 * `query`, `get` and `count`, over the task service's read model. Read-only: tasks are written by
 * the task service and the engine only, so that every guarantee of the scheduler holds. Filters
 * are `field: value` pairs of `taskId`, `status`, `rowId` and `funcName`.
 */
export class TaskRecordModel {
  constructor(
    private readonly app: App,
    private readonly fullName: string,
  ) {}

  /** The template's tasks matching `filter`, newest due first, a page of `size` (default all). */
  async query(args: TaskModelQuery = {}): Promise<RowDatas<TaskRecordView>> {
    const rows = await this.matching(args.filter);
    const size = args.size ?? rows.length;
    const page = args.page ?? 1;
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(page) || page < 1) {
      throw new JitError('API_PARAMS_ERROR', 'TaskModel.query: page must be an integer ≥ 1 and size an integer ≥ 0', {
        fullName: this.fullName,
        details: { argument: 'page' },
      });
    }
    return { rowDatas: rows.slice((page - 1) * size, page * size), totalCount: rows.length };
  }

  /** The first task matching `filter` (newest due first), or null. */
  async get(filter?: Record<string, unknown>): Promise<TaskRecordView | null> {
    return (await this.matching(filter))[0] ?? null;
  }

  /** How many tasks match `filter`. */
  async count(filter?: Record<string, unknown>): Promise<number> {
    return (await this.matching(filter)).length;
  }

  private async matching(filter: Record<string, unknown> = {}): Promise<TaskRecordView[]> {
    if (!isPlainObject(filter)) throw refusal(this.fullName, 'TaskModel', 'filter must be an object of field: value');
    const read: TaskFilter = { fullName: this.fullName, limit: Number.MAX_SAFE_INTEGER };
    let taskId: unknown;
    let funcName: unknown;
    for (const [key, value] of Object.entries(filter)) {
      if (key === 'taskId') taskId = value;
      else if (key === 'funcName') funcName = value;
      else if (key === 'status') {
        if (!TASK_STATUSES.includes(value as TaskStatus))
          throw refusal(this.fullName, 'TaskModel', `filter.status must be one of ${TASK_STATUSES.join(', ')}`);
        read.status = value as TaskStatus;
      } else if (key === 'rowId') read.rowId = typeof value === 'number' ? String(value) : (value as string);
      else throw refusal(this.fullName, 'TaskModel', `filter.${key} is not a field (taskId, status, rowId, funcName)`);
    }
    const service = taskServiceOf(this.app).service;
    const rows =
      taskId === undefined
        ? await service.queries.list(read)
        : [await service.queries.get(typeof taskId === 'string' ? taskId : '')].filter(
            (r) => r !== null && r.fullName === this.fullName && (read.status === undefined || r.status === read.status),
          );
    const now = this.app.clock.now();
    return rows
      .filter((r) => r !== null && (funcName === undefined || r.funcName === funcName))
      .map((r) => presentTask(r!, this.app.timezone, now, service.settings.overdueToleranceMs));
  }
}

/**
 * A template's `TaskHistoryModel` (JitAi's attribute): the history entries of its tasks, read-only
 * like {@link TaskRecordModel}. The filter names a `taskId` (required: history is kept per task).
 */
export class TaskHistoryModel {
  constructor(
    private readonly app: App,
    private readonly fullName: string,
  ) {}

  /** The history of the task `filter.taskId`, oldest first, a page of `size` (default all). */
  async query(args: TaskModelQuery = {}): Promise<RowDatas<TaskHistoryView & { taskId: string }>> {
    const rows = await this.matching(args.filter);
    const size = args.size ?? rows.length;
    const page = args.page ?? 1;
    return { rowDatas: rows.slice((page - 1) * size, page * size), totalCount: rows.length };
  }

  /** The first entry matching `filter`, or null. */
  async get(filter?: Record<string, unknown>): Promise<(TaskHistoryView & { taskId: string }) | null> {
    return (await this.matching(filter))[0] ?? null;
  }

  /** How many entries match `filter`. */
  async count(filter?: Record<string, unknown>): Promise<number> {
    return (await this.matching(filter)).length;
  }

  private async matching(filter: Record<string, unknown> = {}): Promise<Array<TaskHistoryView & { taskId: string }>> {
    if (!isPlainObject(filter) || typeof filter.taskId !== 'string') {
      throw refusal(this.fullName, 'TaskHistoryModel', 'filter must name a taskId (history is kept per task)');
    }
    for (const key of Object.keys(filter)) {
      if (key !== 'taskId' && key !== 'event')
        throw refusal(this.fullName, 'TaskHistoryModel', `filter.${key} is not a field (taskId, event)`);
    }
    const queries = taskServiceOf(this.app).service.queries;
    const task = await queries.get(filter.taskId);
    if (!task || task.fullName !== this.fullName) return [];
    const zone = this.app.timezone;
    const view = presentTask(task, zone, 0, 0, await queries.history(filter.taskId));
    return (view.history ?? [])
      .filter((h) => filter.event === undefined || h.event === filter.event)
      .map((h) => ({ taskId: task.taskId, ...h }));
  }
}

function refusal(fullName: string, model: string, message: string): JitError {
  return new JitError('API_PARAMS_ERROR', `${model} of ${fullName}: ${message}`, { fullName, details: { argument: 'filter' } });
}
