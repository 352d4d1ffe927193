import type { App } from '../runtime/App';
import type { RowModelLookup } from './checkDeclaredArguments';
import type { RowFieldType } from './dataTypes';

/**
 * How arguments of a row type with a model `generic` find that model in `app` (as seen from the
 * app `fromAppId`, for a parent's private model): its declared `fields` and its key (`id`, or its
 * `primaryKey` field). An element that is not a model (no `fields`) gives undefined, and its rows
 * are checked as rows of any fields.
 */
export function rowModelLookup(app: App, fromAppId?: string): RowModelLookup {
  return (fullName) => {
    let fields: unknown;
    try {
      fields = app.getElementDefine(fullName, fromAppId).fields;
    } catch {
      return undefined;
    }
    if (!Array.isArray(fields)) return undefined;
    const rowFields = (fields as Array<Record<string, unknown>>).map((f): RowFieldType => ({
      name: String(f.name),
      dataType: String(f.dataType),
      maxLength: typeof f.maxLength === 'number' ? f.maxLength : undefined,
    }));
    const key = (fields as Array<Record<string, unknown>>).find((f) => f.primaryKey === true);
    return { rowFields, rowKey: key ? String(key.name) : 'id' };
  };
}
