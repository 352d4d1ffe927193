import type { TaskTemplateItem } from './listTaskTemplates';
import type { TaskRecordView } from './presentTask';
import type { TaskQueries } from './queries/TaskQueries';
import type { SchedulerSettings } from './SchedulerSettings';
import type { TaskEvent } from './TaskEvent';
import type { TaskStatus } from './TaskRecord';
import type { TimerTaskSpec } from './buildTimerTask';

/** A page of `pageTasks`: its tasks, newest due first, and the cursor of the next page (null on the last). */
export interface TaskPageView {
  tasks: TaskRecordView[];
  nextCursor: string | null;
}

/** What `pauseTemplate` and `resumeTemplate` answer. */
export interface TemplatePauseAnswer {
  fullName: string;
  paused: boolean;
  /** False when the template was in that state already. */
  changed: boolean;
}

/** The answer of `forcedEnd` (SPEC §7.4). */
export interface ForcedEndAnswer {
  taskId: string;
  status: 'forcedEnd';
  previousStatus: TaskStatus;
  nextTaskId?: string;
}

/** One live process of the app, as `listWorkers` returns it. */
export interface WorkerView {
  workerId: string;
  host: string;
  pid: number;
  /** When the process started, and its last heartbeat: `YYYY-MM-DD HH:mm:ss` in the app zone. */
  startedAt: string;
  lastBeat: string;
  /** Runs it held at its last heartbeat. */
  running: number;
  /** True for the process that answers. */
  self: boolean;
}

/** What `createTimerTask` returns. */
export interface CreatedTask {
  taskId: string;
  fullName: string;
  taskType: string;
  funcName: string;
  startTime: string;
  status: 'pending';
  argDict: Record<string, unknown>;
}

/** How far a start-up backfill of one template has got. */
export interface BackfillProgress {
  fullName: string;
  /** Rows handled so far. */
  done: number;
  /** Rows to handle (the model's rows, plus rows that are gone but still had a task). */
  total: number;
}

/** The answer of `saveDateFieldTask` (SPEC §7.4). */
export interface SavedDateFieldTasks {
  scheduled: string[];
  removed: string[];
}

/** The answer of `deleteDateFieldTask` (SPEC §7.4). */
export interface DeletedDateFieldTasks {
  removed: string[];
}

/**
 * The task service of one app, as code outside the task wing (HTTP, CLI, the `services.TaskSvc`
 * element, a host's own code) sees it: the functions TaskSvc declares, the read model, and what
 * an operator watches (events, settings, this process's runs). The scheduler and the store behind
 * it are the wing's own. Get it with `taskServiceOf(app)` (src/tasks/index.ts).
 */
export interface TaskServiceApi {
  /** The id of this process's scheduler, as its heartbeat and the tasks it runs name it. */
  readonly workerId: string;
  /** The scheduler's settings (`settings.scheduler`, read once at start). */
  readonly settings: SchedulerSettings;
  /** Runs of this process that take a slot (of `settings.concurrency`). */
  readonly runningCount: number;
  /** The read model of the app's tasks: every read of tasks, their history, pauses and workers. */
  readonly queries: TaskQueries;

  /** Subscribes to task events (runs starting and ending, skipped occurrences, lost leases, late results). */
  onEvent(listener: (e: TaskEvent) => void): void;
  /** Subscribes to the tasks this process writes (calls, date-field syncs, next occurrences), by template fullName. */
  onCreated(listener: (fullName: string) => void): void;
  /** Subscribes to the progress of start-up backfills of date-field templates. */
  onBackfillProgress(listener: (p: BackfillProgress) => void): void;

  /** Task templates whose title or fullName contains `queryStr` (all for ''), with whether each is paused. */
  getTaskTmplList(queryStr: string): Promise<TaskTemplateItem[]>;
  /** Pauses a template for every process sharing the database: its tasks wait, pending. */
  pauseTemplate(fullName: string): Promise<TemplatePauseAnswer>;
  /** Lifts a pause: the template's waiting tasks are due at once. */
  resumeTemplate(fullName: string): Promise<TemplatePauseAnswer>;
  /** A timer task, checked (template, type, function, time, arguments) and written. */
  createTimerTask(spec: TimerTaskSpec, options?: unknown): Promise<CreatedTask>;
  /** Many timer tasks in one transaction: all are checked first, then all are written or none. */
  createTimerTasks(specs: unknown[]): Promise<CreatedTask[]>;
  /**
   * A one-off task of `tasks.TemporaryType` that calls the declared function `func`
   * (`family.Element.function`) with `argDict` (default `{}`) at `startTime` (default now); its
   * taskId. Joins the caller's transaction: if the caller rolls back, no task exists.
   */
  createTemporaryTask(func: unknown, argDict?: unknown, startTime?: unknown): Promise<string>;
  /** Ends a task by force: a pending one never runs, a running one is aborted and its result discarded. */
  forcedEnd(taskId: string): Promise<ForcedEndAnswer>;
  /** Keeps a saved row's date-field tasks in step with its data. */
  saveDateFieldTask(rowObj: unknown): Promise<SavedDateFieldTasks>;
  /** Removes a deleted row's pending date-field tasks. */
  deleteDateFieldTask(rowObj: unknown): Promise<DeletedDateFieldTasks>;
  /** The live processes of the app (a heartbeat fresher than a lease), freshest first; `self` marks this one. */
  listWorkers(): Promise<WorkerView[]>;
  /** A task with its history. */
  getTask(taskId: string): Promise<TaskRecordView>;
  /** Tasks, newest due first, by `offset`, or by the `cursor` of a page, or searched with `q`. */
  listTasks(filter: Record<string, unknown>): Promise<TaskRecordView[]>;
  /** A page of tasks, newest due first, with the cursor of the next one. */
  pageTasks(filter: Record<string, unknown>): Promise<TaskPageView>;
}
