/**
 * The task wing's one entrance. Code outside src/tasks (HTTP, CLI, the built-in elements through
 * the public exports) imports the task wing from here only: the task service's typed interface
 * and its view types, the read model's answers, and {@link taskServiceOf}, the one typed way to
 * get the service from an app. The scheduler (`TaskEngine`), the write path (`store/`) and the read
 * model's SQL (`queries/`) stay inside; `.dependency-cruiser.cjs` and
 * test/architecture/noStoreReach.test.ts hold that line.
 */
export { taskServiceOf } from './taskServiceOf';
export { taskSvcClass } from './taskSvcClass';
export type { TaskSvcElement } from './TaskSvcElement';
export type {
  BackfillProgress,
  CreatedTask,
  DeletedDateFieldTasks,
  ForcedEndAnswer,
  SavedDateFieldTasks,
  TaskPageView,
  TaskServiceApi,
  TemplatePauseAnswer,
  WorkerView,
} from './TaskServiceApi';
export type { TaskQueries, TaskPage, TaskPageFilter, TemplateRuns, MinuteRuns, TaskChange, WorkerRecord } from './queries/TaskQueries';
export type { TaskRecordView, TaskHistoryView } from './presentTask';
export type { TaskEvent } from './TaskEvent';
export type { SchedulerSettings } from './SchedulerSettings';
export type { TaskStatus, TaskRow, JsonObject, JsonValue } from './TaskRecord';
export { templateSettings, type TemplateSettings } from './TemplateSettings';
// The `tasks` element family and what task code calls, for the public exports.
export { TaskTemplateElement, type FuncType } from './TaskTemplateElement';
export { TimerTemplateElement } from './TimerTemplateElement';
export { DateFieldTemplateElement } from './dateField/DateFieldTemplateElement';
export { DateFieldScheduler } from './dateField/DateFieldScheduler';
export { planDateFieldDue } from './dateField/planDateFieldDue';
export type { DateFieldPlan, DateFieldSettings, OffsetUnit } from './dateField/DateFieldSettings';
export { listTaskTemplates, type TaskTemplateItem } from './listTaskTemplates';
export { currentTask, type TaskContext } from './currentTask';
export type { TaskRunView } from './TaskRunView';
export type { TaskFunction } from './resolveTaskFunction';
export type { TaskRecordModel, TaskHistoryModel, RowDatas, TaskModelQuery } from './TaskRecordModel';
