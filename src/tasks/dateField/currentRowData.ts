import type { ModelElement } from '../../models/ModelElement';
import type { App } from '../../runtime/App';
import type { JsonObject, TaskRow } from '../TaskRecord';
import { DateFieldTemplates } from './DateFieldTemplates';

/**
 * The row of date-field task `row` as its model holds it now; null when the model's table has no
 * such row: it was deleted, or it lives outside jittask (given to `saveDateFieldTask` only). The
 * task then runs with the snapshot taken when it was scheduled (SPEC §7.2).
 */
export async function currentRowData(app: App, row: TaskRow): Promise<JsonObject | null> {
  const t = DateFieldTemplates.of(app).get(row.fullName);
  if (!t || row.rowId === null) return null;
  const current = await app.getElement<ModelElement>(t.modelPath).get(row.rowId);
  return current ? (current as JsonObject) : null;
}
