import { JitError } from '../../errors/JitError';
import { ModelElement } from '../../models/ModelElement';
import type { ModelRow } from '../../models/ModelField';
import type { App } from '../../runtime/App';
import { convertValue } from '../../services/dataTypes';

/** A `rowObj` of `saveDateFieldTask` / `deleteDateFieldTask`, read and checked. */
export interface RowChange {
  /** The fullName of the row's model. */
  model: string;
  /** The row after the change; null when not given. */
  postData: ModelRow | null;
  /** The row before the change; null when not given. */
  prevData: ModelRow | null;
}

const ROW_OBJ_KEYS = ['model', 'postData', 'prevData'];

/**
 * Reads `rowObj` (SPEC §7.4): `{ model?, postData, prevData? }`, rows as plain objects. Without
 * `model`, the model is the one a given row was read from (rows returned by a jittask model know
 * it, see `ModelElement.modelOf`).
 *
 * @throws JitError `API_PARAMS_ERROR` (naming the argument, prefixed with `where`) for something
 *   that is not such an object, an unknown key, a row that is not a plain object, a `model` that
 *   names no model, or no model at all.
 */
export function readRowObj(app: App, rowObj: unknown, where: string): RowChange {
  const fail = (argument: string, message: string): never => {
    throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
  };
  const isRow = (value: unknown): value is ModelRow => convertValue('RowData', value, app.timezone).ok;
  if (!isRow(rowObj)) return fail('rowObj', 'rowObj must be an object { model?, postData, prevData? }');
  const unknownKey = Object.keys(rowObj).find((key) => !ROW_OBJ_KEYS.includes(key));
  if (unknownKey !== undefined) fail(`rowObj.${unknownKey}`, `unknown key '${unknownKey}' in rowObj (known: ${ROW_OBJ_KEYS.join(', ')})`);
  const rowAt = (key: 'postData' | 'prevData'): ModelRow | null => {
    const value = rowObj[key];
    if (value === undefined || value === null) return null;
    return isRow(value) ? value : fail(`rowObj.${key}`, `rowObj.${key} must be a row (a plain object)`);
  };
  const postData = rowAt('postData');
  const prevData = rowAt('prevData');
  const given = rowObj.model ?? null;
  if (given !== null && typeof given !== 'string') fail('rowObj.model', 'rowObj.model must be the fullName of a model');
  const modelOf = (row: ModelRow | null): string | undefined => (row ? ModelElement.modelOf(row) : undefined);
  const model = (given as string | null) ?? modelOf(postData) ?? modelOf(prevData);
  if (model === undefined) {
    return fail(
      'rowObj.model',
      'rowObj names no model: give rowObj.model (e.g. models.Meeting), or pass rows as a jittask model returned them',
    );
  }
  const isModel = app.findElementsDefine(model).length > 0 && app.recordOf(model).typeChain.includes('models.Meta');
  if (!isModel) fail('rowObj.model', `'${model}' is not a model of app ${app.appId}`);
  return { model, postData, prevData };
}
