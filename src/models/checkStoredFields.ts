import { JitError, type JitIssue } from '../errors/JitError';
import type { ModelField } from './ModelField';

/** What `jittask_model_fields` remembers of a field: enough to tell a changed or removed one. */
export interface StoredField {
  field: string;
  data_type: string;
  /** 1 for the primary key, else 0. */
  primary_key: number;
}

/**
 * Compares a model's declared fields with those recorded for its existing table (in the order they
 * were recorded). New fields are fine: they become columns.
 *
 * @throws JitError `SCHEMA_CONFLICT` naming every field whose dataType changed, that was removed,
 *   or that became or stopped being the primary key (`details.fields`, one issue per field).
 */
export function checkStoredFields(model: string, tableName: string, fields: readonly ModelField[], stored: readonly StoredField[]): void {
  const issues: JitIssue[] = [];
  const conflict = (field: string, message: string): void => {
    issues.push({ code: 'SCHEMA_CONFLICT', fullName: model, path: field, message: `${model}: field '${field}' ${message}` });
  };
  for (const s of stored) {
    const declared = fields.find((f) => f.name === s.field);
    if (!declared) conflict(s.field, `(${s.data_type}) was removed, but table ${tableName} holds its data`);
    else if (declared.dataType !== s.data_type)
      conflict(s.field, `changed its dataType from ${s.data_type} to ${declared.dataType}; stored values would be misread`);
    else if ((declared.primaryKey === true) !== (s.primary_key === 1))
      conflict(s.field, `${declared.primaryKey === true ? 'became' : 'is no longer'} the primary key`);
  }
  const known = new Set(stored.map((s) => s.field));
  for (const f of fields) {
    if (f.primaryKey === true && !known.has(f.name)) conflict(f.name, `cannot become the primary key of existing table ${tableName}`);
  }
  if (issues.length === 0) return;
  const message =
    issues.length === 1
      ? issues[0]!.message
      : `${model}: ${issues.length} schema conflicts:\n  ${issues.map((i) => i.message).join('\n  ')}`;
  throw new JitError('SCHEMA_CONFLICT', message, { fullName: model, issues, details: { fields: issues.map((i) => i.path) } });
}
