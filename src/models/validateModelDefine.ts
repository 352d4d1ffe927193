import type { ElementDefine } from '../runtime/ElementDefinition';
import { checkDeclaredDataType } from '../services/checkDeclaredDataType';
import { MODEL_DATA_TYPES, PRIMARY_KEY_DATA_TYPES, type ModelDataType } from './ModelField';
import { modelTableName } from './modelTableName';

/** A problem in a model definition: where (key path) and what. */
export interface ModelDefineProblem {
  path: Array<string | number>;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** PostgreSQL cuts longer identifiers short (so two could become one): a model must run on either database. */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * The checks of a model definition beyond its schema (which has already ensured `fields` is a list
 * of `{ name, title, dataType, primaryKey? }`): field names are identifiers of at most 63
 * characters outside jittask's prefix (its own columns start with `jittask_`), unique ignoring case
 * (SQLite column names are case-insensitive), not `id` unless the field is the primary key (the
 * database's `id` column would clash), with a known column dataType (a `maxLength` only on an
 * Stext, AutoInt refused since the database assigns the `id`); at most one primary key, an
 * Stext or Integer field; a table name (`table`, or the one derived from the fullName) that is an
 * identifier of at most 63 characters outside jittask's and SQLite's own prefixes. Pure.
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
    } else if (name.length > MAX_IDENTIFIER_LENGTH || /^jittask_/i.test(name)) {
      problems.push({
        path: ['fields', i, 'name'],
        message: `field name '${name}' must be at most ${MAX_IDENTIFIER_LENGTH} characters, not starting with jittask_`,
      });
    } else if (seen.has(name.toLowerCase())) {
      problems.push({ path: ['fields', i, 'name'], message: `field '${name}' is declared twice (names are compared ignoring case)` });
    }
    seen.add(name.toLowerCase());
    if (name.toLowerCase() === 'id' && field.primaryKey !== true) {
      problems.push({
        path: ['fields', i, 'name'],
        message: "'id' is the database-assigned key; a field may be named id only with primaryKey: true",
      });
    }
    if (dataType === 'AutoInt') {
      problems.push({
        path: ['fields', i, 'dataType'],
        message: "AutoInt is not a field type here: the database assigns each row's integer id (declare no field for it)",
      });
    } else {
      for (const problem of checkDeclaredDataType(field, MODEL_DATA_TYPES))
        problems.push({ path: ['fields', i, problem.key], message: problem.message });
    }
    if (field.primaryKey === true) {
      primaryKeys += 1;
      if (primaryKeys > 1) problems.push({ path: ['fields', i, 'primaryKey'], message: 'a model has at most one primaryKey field' });
      if (!PRIMARY_KEY_DATA_TYPES.includes(dataType as ModelDataType)) {
        problems.push({
          path: ['fields', i, 'dataType'],
          message: `a primaryKey field must be ${PRIMARY_KEY_DATA_TYPES.join(' or ')}, not ${dataType}`,
        });
      }
    }
  });
  if (define.table !== undefined) {
    // The schema has made it a string; anything else is shown as its JSON, never '[object Object]'.
    const table = typeof define.table === 'string' ? define.table : JSON.stringify(define.table);
    if (!IDENTIFIER.test(table) || table.length > MAX_IDENTIFIER_LENGTH || /^(jittask_|sqlite_)/i.test(table)) {
      problems.push({
        path: ['table'],
        message: `table '${table}' must be an identifier of at most ${MAX_IDENTIFIER_LENGTH} characters not starting with jittask_ or sqlite_`,
      });
    }
  } else if (modelTableName(define).length > MAX_IDENTIFIER_LENGTH) {
    problems.push({
      path: [],
      message: `the table name derived from the fullName, ${modelTableName(define)}, is longer than ${MAX_IDENTIFIER_LENGTH} characters: give the model a shorter 'table'`,
    });
  }
  return problems;
}
