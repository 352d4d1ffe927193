import { newTask } from '../newTask';
import type { JsonObject, NewTask } from '../TaskRecord';
import type { DateFieldSettings } from './DateFieldSettings';

/**
 * The task of template `t` for one row (SPEC §7.3): origin `dateField`, `rowId` the row's key, and
 * as arguments `{ rowData }`, the row as it is now (the function receives the row as it is at run
 * time, this snapshot only when the row is gone by then).
 */
export function buildDateFieldTask(t: DateFieldSettings, rowId: string, rowData: JsonObject, dueAt: number, createdAt: number): NewTask {
  return newTask({
    fullName: t.fullName,
    taskType: t.taskType,
    funcName: t.funcName,
    argDict: { rowData },
    dueAt,
    origin: 'dateField',
    rowId,
    createdAt,
  });
}
