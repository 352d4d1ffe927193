import type { TaskContext } from './currentTask';
import type { JsonObject } from './TaskRecord';

/**
 * The task a template's `handle(task)` and `getFunc(task)` receive (JitAi's task `RowData`): the
 * run's context (what `currentTask()` returns) with the task's function, type and, for a
 * date-field task, the model row it runs with.
 */
export interface TaskRunView extends TaskContext {
  /** `family.Element.function` or a bare export name of the template's module. */
  funcName: string;
  /** The task's Type, e.g. `tasks.NormalType`. */
  taskType: string;
  /** A date-field task's row, as it is at run time (or as it was when scheduled). */
  rowData?: JsonObject;
}
