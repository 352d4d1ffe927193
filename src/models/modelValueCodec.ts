import { DateTime } from 'luxon';
import type { SqlDialect } from '../db/SqlDialect';
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
        return value;
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
};

function decodeValue(f: ModelField, stored: unknown, zone: string, dialect: SqlDialect): unknown {
  switch (f.dataType) {
    case 'Boolean':
      return dialect === 'sqlite' ? stored === 1 : stored;
    case 'Integer':
      return dialect === 'postgres' ? Number(stored) : stored;
    case 'Datetime':
      return formatAppTime(DateTime.fromMillis(Number(stored)), zone);
    case 'JitDict':
    case 'JitList':
      return JSON.parse(stored as string) as unknown;
    default:
      return stored;
  }
}
