import type { ModelElement } from '../../models/ModelElement';
import type { App } from '../../runtime/App';
import type { JsonObject, TaskRow } from '../TaskRecord';
import { DateFieldTemplates } from './DateFieldTemplates';

/**
 * The arguments date-field task `row` runs with (SPEC §7.2): `{ rowData }`, the row as its model
 * holds it now, or the snapshot taken when the task was scheduled if the row no longer exists
 * (or lives outside the model's table).
 */
export async function dateFieldRunArgs(app: App, row: TaskRow): Promise<JsonObject> {
  const t = DateFieldTemplates.of(app).get(row.fullName);
  if (!t || row.rowId === null) return row.argDict;
  const current = await app.getElement<ModelElement>(t.modelPath).get(row.rowId);
  return current ? { rowData: current as JsonObject } : row.argDict;
}
