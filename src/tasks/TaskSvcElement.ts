import type { TaskTemplateItem } from './listTaskTemplates';
import type { TaskRecordView } from './presentTask';
import type {
  CreatedTask,
  DeletedDateFieldTasks,
  ForcedEndAnswer,
  SavedDateFieldTasks,
  TaskPageView,
  TaskServiceApi,
  TemplatePauseAnswer,
  WorkerView,
} from './TaskServiceApi';

/**
 * `services.TaskSvc` as code calls it. Its declared functions take their arguments by position and
 * go through `callFunction` (arguments checked and converted by dataType, and a Type that wraps
 * `callFunction` sees every call); {@link service} is the task service behind them.
 */
export interface TaskSvcElement {
  /** Settles with the task service once it has started: the element's `onLoad`, with the app. */
  readonly ready: Promise<TaskServiceApi>;
  /** The started task service: set once {@link ready} has settled, so from the end of `loadApp` on (TaskSvc loads at start-up). */
  readonly service: TaskServiceApi;
  /** Calls the declared function `name` with arguments by name. */
  callFunction(name: string, argsByName?: Record<string, unknown>): Promise<unknown>;
  /** Task templates whose title or fullName contains `queryStr`. */
  getTaskTmplList(queryStr: string): Promise<TaskTemplateItem[]>;
  /** A timer task of template `fullName` due at `startTime`. */
  createTimerTask(
    fullName: string,
    startTime: unknown,
    funcName: string,
    taskType: string,
    argDict?: unknown,
    options?: unknown,
  ): Promise<CreatedTask>;
  /** Many timer tasks in one transaction, all or none. */
  createTimerTasks(tasks: unknown[]): Promise<CreatedTask[]>;
  /** A one-off task of `tasks.TemporaryType` calling `func` with `argDict` at `startTime` (default now); its taskId. */
  createTemporaryTask(func: string, argDict?: unknown, startTime?: unknown): Promise<string>;
  /** Ends a pending or running task by force. */
  forcedEnd(taskId: string): Promise<ForcedEndAnswer>;
  /** Keeps a saved row's date-field tasks in step. */
  saveDateFieldTask(rowObj: unknown): Promise<SavedDateFieldTasks>;
  /** Removes a deleted row's date-field tasks. */
  deleteDateFieldTask(rowObj: unknown): Promise<DeletedDateFieldTasks>;
  /** A task with its history. */
  getTask(taskId: string): Promise<TaskRecordView>;
  /** Tasks, newest due first. */
  listTasks(filter?: Record<string, unknown>): Promise<TaskRecordView[]>;
  /** A page of tasks, newest due first, with the cursor of the next. */
  pageTasks(filter?: Record<string, unknown>): Promise<TaskPageView>;
  /** Pauses a task template: its tasks wait, pending. */
  pauseTemplate(fullName: string): Promise<TemplatePauseAnswer>;
  /** Resumes a paused task template. */
  resumeTemplate(fullName: string): Promise<TemplatePauseAnswer>;
  /** The live processes of the app. */
  listWorkers(): Promise<WorkerView[]>;
}
