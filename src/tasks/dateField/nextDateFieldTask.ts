import type { App } from '../../runtime/App';
import type { NewTask, TaskRow } from '../TaskRecord';
import { buildDateFieldTask } from './buildDateFieldTask';
import { DateFieldTemplates } from './DateFieldTemplates';
import { planDateFieldDue } from './planDateFieldDue';

/**
 * The occurrence to write when date-field task `row` ends at `now` (in the same transaction): for
 * an enabled `repeat: year` template, the row's first anniversary after this one and not before
 * now, planned from the row as it was scheduled; null otherwise.
 */
export function nextDateFieldTask(app: App, row: TaskRow, now: number): NewTask | null {
  const t = DateFieldTemplates.of(app).get(row.fullName);
  const rowData = row.argDict.rowData;
  if (!t?.enabled || t.repeat !== 'year' || row.rowId === null || typeof rowData !== 'object' || rowData === null || Array.isArray(rowData))
    return null;
  const due = planDateFieldDue(t, rowData, app.timezone, Math.max(row.dueAt + 1, now));
  return due === null ? null : buildDateFieldTask(t, row.rowId, rowData, due, now);
}
