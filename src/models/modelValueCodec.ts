import type { DateTime } from 'luxon';
import type { SqlDialect } from '../db/SqlDialect';
import { JSON_DATA_TYPES } from '../services/dataTypes';
import { formatAppTime } from '../time/formatAppTime';
import type { ModelField, ModelRow } from './ModelField';

/**
 * How model values are stored, the same in both databases except where one lacks a type: Datetime
 * as epoch milliseconds, JitDict and JitList as JSON text; Boolean as 0/1 in SQLite (it has no
 * boolean type); PostgreSQL's BIGINT read back from the string pg gives (values written are safe
 * integers).
 */
export const modelValueCodec = {
  /** A checked value (Datetime already a luxon DateTime) as the driver of `dialect` takes it. */
  encode(f: ModelField, value: unknown, dialect: SqlDialect): unknown {
    if (value === null || value === undefined) return null;
    switch (f.dataType) {
      case 'Boolean':
        return dialect === 'sqlite' ? (value === true ? 1 : 0) : value;
      case 'Datetime':
        return (value as DateTime).toMillis();
      case 'JitDict':
      case 'JitList':
        return JSON.stringify(value);
      default:
        // JitAi's lists and objects (choices, files, addresses, related rows) are JSON text too.
        return JSON_DATA_TYPES.includes(f.dataType) ? JSON.stringify(value) : value;
    }
  },

  /** A stored row with the columns `fields` as callers get it: Datetimes as app-zone text. */
  decodeRow(row: Record<string, unknown>, fields: readonly ModelField[], zone: string, dialect: SqlDialect): ModelRow {
    const out: ModelRow = {};
    for (const f of fields) {
      const stored = row[f.name];
      out[f.name] = stored === null || stored === undefined ? null : decodeValue(f, stored, zone, dialect);
    }
    return out;
  },

  /**
   * The fields of `fields` whose stored value is not already what callers get, on `dialect`: the
   * ones {@link decodeStored} converts. Text and numbers (and SQLite's integers) pass as stored.
   */
  fieldsToDecode(fields: readonly ModelField[], dialect: SqlDialect): ModelField[] {
    return fields.filter((f) => !(STORED_AS_READ.has(f.dataType) || (f.dataType === 'Integer' && dialect === 'sqlite')));
  },

  /**
   * A stored row holding exactly the model's columns, in their order, as callers get it: a copy in
   * which only the values of `toDecode` (see {@link fieldsToDecode}) are converted. A copy, because
   * the driver's object may come from another realm (better-sqlite3 makes its rows in the main one,
   * not in a `vm` context such as Jest's), where it would not count as a plain object.
   */
  decodeStored(row: Record<string, unknown>, toDecode: readonly ModelField[], zone: string, dialect: SqlDialect): ModelRow {
    const out: ModelRow = { ...row };
    for (const f of toDecode) {
      const stored = out[f.name];
      out[f.name] = stored === null || stored === undefined ? null : decodeValue(f, stored, zone, dialect);
    }
    return out;
  },
};

/** Field types whose stored value is the value callers get, on either database. */
const STORED_AS_READ: ReadonlySet<string> = new Set([
  'Stext',
  'Ltext',
  'Numeric',
  'Money',
  'Percent',
  'Date',
  'Phone',
  'Email',
  'Url',
  'Time',
]);

function decodeValue(f: ModelField, stored: unknown, zone: string, dialect: SqlDialect): unknown {
  switch (f.dataType) {
    case 'Boolean':
      return dialect === 'sqlite' ? stored === 1 : stored;
    case 'Integer':
      return dialect === 'postgres' ? Number(stored) : stored;
    case 'Datetime':
      // From the number: a luxon DateTime per value would cost more than reading the row.
      return formatAppTime(Number(stored), zone);
    case 'JitDict':
    case 'JitList':
      return JSON.parse(stored as string) as unknown;
    default:
      return JSON_DATA_TYPES.includes(f.dataType) ? (JSON.parse(stored as string) as unknown) : stored;
  }
}
