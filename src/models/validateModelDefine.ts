import type { ElementDefine } from '../runtime/ElementDefinition';
import { MODEL_DATA_TYPES, PRIMARY_KEY_DATA_TYPES, type ModelDataType } from './ModelField';

/** A problem in a model definition: where (key path) and what. */
export interface ModelDefineProblem {
  path: Array<string | number>;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The checks of a model definition beyond its schema (which has already ensured `fields` is a list
 * of `{ name, title, dataType, primaryKey? }`): field names are identifiers, unique ignoring case
 * (SQLite column names are case-insensitive), not `id` unless the field is the primary key (the
 * database's `id` column would clash), with a known column dataType; at most one primary key, an
 * Stext or Integer field; a `table` name that is an identifier outside jittask's and SQLite's own
 * prefixes. Pure.
 */
export function validateModelDefine(define: ElementDefine): ModelDefineProblem[] {
  const problems: ModelDefineProblem[] = [];
  const fields = Array.isArray(define.fields) ? (define.fields as Array<Record<string, unknown>>) : [];
  const seen = new Set<string>();
  let primaryKeys = 0;
  fields.forEach((field, i) => {
    const name = String(field.name);
    const dataType = String(field.dataType);
    if (!IDENTIFIER.test(name)) {
      problems.push({ path: ['fields', i, 'name'], message: `field name '${name}' must be an identifier (letters, digits, _)` });
    } else if (seen.has(name.toLowerCase())) {
      problems.push({ path: ['fields', i, 'name'], message: `field '${name}' is declared twice (names are compared ignoring case)` });
    }
    seen.add(name.toLowerCase());
    if (name.toLowerCase() === 'id' && field.primaryKey !== true) {
      problems.push({ path: ['fields', i, 'name'], message: "'id' is the database-assigned key; a field may be named id only with primaryKey: true" });
    }
    if (!(MODEL_DATA_TYPES as readonly string[]).includes(dataType)) {
      problems.push({ path: ['fields', i, 'dataType'], message: `unknown dataType '${dataType}' (one of ${MODEL_DATA_TYPES.join(', ')})` });
    }
    if (field.primaryKey === true) {
      primaryKeys += 1;
      if (primaryKeys > 1) problems.push({ path: ['fields', i, 'primaryKey'], message: 'a model has at most one primaryKey field' });
      if (!PRIMARY_KEY_DATA_TYPES.includes(dataType as ModelDataType)) {
        problems.push({ path: ['fields', i, 'dataType'], message: `a primaryKey field must be ${PRIMARY_KEY_DATA_TYPES.join(' or ')}, not ${dataType}` });
      }
    }
  });
  if (define.table !== undefined) {
    const table = String(define.table);
    if (!IDENTIFIER.test(table) || /^(jittask_|sqlite_)/i.test(table)) {
      problems.push({ path: ['table'], message: `table '${table}' must be an identifier not starting with jittask_ or sqlite_` });
    }
  }
  return problems;
}
