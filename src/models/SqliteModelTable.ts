import type { Statement } from 'better-sqlite3';
import { DateTime } from 'luxon';
import { databaseError } from '../db/databaseError';
import type { SqliteDatabase } from '../db/SqliteDatabase';
import { JitError, type JitIssue } from '../errors/JitError';
import { formatAppTime } from '../time/formatAppTime';
import type { ModelDataType, ModelField, ModelRow } from './ModelField';

/** The SQLite column type of each data type. Datetimes are epoch milliseconds, so they sort and compare exactly. */
const COLUMN_TYPES: Record<ModelDataType, string> = {
  Stext: 'TEXT',
  Ltext: 'TEXT',
  Numeric: 'REAL',
  Integer: 'INTEGER',
  Boolean: 'INTEGER',
  Date: 'TEXT',
  Datetime: 'INTEGER',
  JitDict: 'TEXT',
  JitList: 'TEXT',
};

/** What `jittask_model_fields` remembers of a field: enough to tell a changed or removed one. */
interface StoredField {
  field: string;
  data_type: string;
  primary_key: number;
}

/** The key of rows of a model without a `primaryKey` field. */
const AUTO_KEY: ModelField = { name: 'id', title: 'Id', dataType: 'Integer', primaryKey: true };

/**
 * The SQLite table of one model. Synchronous, like better-sqlite3; callers (the model element) make
 * it async and transactional. Values going in are already checked and converted by `convertValue`
 * (a luxon DateTime for `Datetime`, a boolean for `Boolean`, JSON-safe values for `JitDict`/
 * `JitList`); they are stored as epoch ms, 1/0 and JSON text, and come back out as
 * `YYYY-MM-DD HH:mm:ss` in the app zone, booleans and parsed JSON. Rows come back in insertion order.
 */
export class SqliteModelTable {
  /** The key field: the declared `primaryKey` one, or the database-assigned integer `id`. */
  readonly key: ModelField;
  /** True when the database assigns the key. */
  readonly autoKey: boolean;
  private readonly statements = new Map<string, Statement<unknown[], Record<string, unknown>>>();

  constructor(
    /** The database the table is in. */
    readonly db: SqliteDatabase,
    /** The model's fullName, for messages and the field registry. */
    private readonly model: string,
    /** The SQLite table the rows live in. */
    readonly tableName: string,
    /** The model's declared fields, in declared order. */
    readonly fields: readonly ModelField[],
    /** The app zone Datetimes are shown in. */
    private readonly zone: string,
  ) {
    const declaredKey = fields.find((f) => f.primaryKey === true);
    this.key = declaredKey ?? AUTO_KEY;
    this.autoKey = declaredKey === undefined;
  }

  /**
   * Creates the table, or brings an existing one up to the declared fields, in one transaction:
   * a new field becomes a new column (rows keep their data, the column is null in them). The
   * declared fields are kept in `jittask_model_fields`, so the next start can compare.
   *
   * @throws JitError `SCHEMA_CONFLICT` naming every field whose dataType or primaryKey changed or
   *   that was removed (nothing is changed then: existing data is never dropped or reinterpreted),
   *   or when the table exists without a record of its fields (it was not made by a model).
   */
  ensureSchema(): void {
    this.guard('create or update', () => this.db.transaction(() => {
      const raw = this.db.raw;
      raw.exec(`CREATE TABLE IF NOT EXISTS jittask_model_fields (
        table_name  TEXT NOT NULL,
        field       TEXT NOT NULL,
        data_type   TEXT NOT NULL,
        primary_key INTEGER NOT NULL,
        model       TEXT NOT NULL,
        PRIMARY KEY (table_name, field)
      )`);
      const stored = raw.prepare<[string], StoredField>(
        'SELECT field, data_type, primary_key FROM jittask_model_fields WHERE table_name = ? ORDER BY rowid').all(this.tableName);
      const exists = raw.prepare<[string], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .pluck().get(this.tableName) !== undefined;
      if (!exists) {
        // Fields recorded for a table that is gone (dropped by hand) describe nothing any more.
        raw.prepare('DELETE FROM jittask_model_fields WHERE table_name = ?').run(this.tableName);
        raw.exec(`CREATE TABLE ${quote(this.tableName)} (${this.columnDefinitions().join(', ')})`);
        this.fields.forEach((f) => this.record(f));
        return;
      }
      if (stored.length === 0) {
        throw new JitError('SCHEMA_CONFLICT', `${this.model}: table ${this.tableName} exists but was not created by a model; name another table`, { fullName: this.model });
      }
      this.checkConflicts(stored);
      const known = new Set(stored.map((s) => s.field));
      for (const f of this.fields.filter((field) => !known.has(field.name))) {
        raw.exec(`ALTER TABLE ${quote(this.tableName)} ADD COLUMN ${quote(f.name)} ${COLUMN_TYPES[f.dataType]}`);
        this.record(f);
      }
    }));
  }

  /** The row with key `key`, or null. */
  find(key: unknown): ModelRow | null {
    return this.guard('read', () => {
      const row = this.statement(`SELECT * FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ?`).get(this.encode(this.key, key));
      return row ? this.decode(row) : null;
    });
  }

  /** Inserts a row (fields not in `values` are null) and returns it as stored. */
  insert(values: Readonly<Record<string, unknown>>): ModelRow {
    const sql = `INSERT INTO ${quote(this.tableName)} (${this.fields.map((f) => quote(f.name)).join(', ')})
      VALUES (${this.fields.map(() => '?').join(', ')}) RETURNING *`;
    return this.guard('insert into', () => this.decode(this.statement(sql).get(...this.fields.map((f) => this.encode(f, values[f.name])))!));
  }

  /** Sets the given fields of the row with key `key`; returns it as stored, or null when there is none. */
  update(key: unknown, values: Readonly<Record<string, unknown>>): ModelRow | null {
    const columns = this.fields.filter((f) => f.name in values);
    if (columns.length === 0) return this.find(key);
    const sql = `UPDATE ${quote(this.tableName)} SET ${columns.map((f) => `${quote(f.name)} = ?`).join(', ')}
      WHERE ${quote(this.key.name)} = ? RETURNING *`;
    return this.guard('update', () => {
      const row = this.statement(sql).get(...columns.map((f) => this.encode(f, values[f.name])), this.encode(this.key, key));
      return row ? this.decode(row) : null;
    });
  }

  /** Deletes the row with key `key`; false when there was none. */
  delete(key: unknown): boolean {
    return this.guard('delete from', () =>
      this.statement(`DELETE FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ? RETURNING 1`).get(this.encode(this.key, key)) !== undefined);
  }

  /** The rows whose fields equal every value of `filter` (null matches no value), in insertion order. */
  query(filter: Readonly<Record<string, unknown>>): ModelRow[] {
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const f of this.columns()) {
      if (!(f.name in filter)) continue;
      const value = filter[f.name];
      conditions.push(value === null ? `${quote(f.name)} IS NULL` : `${quote(f.name)} = ?`);
      if (value !== null) params.push(this.encode(f, value));
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return this.guard('query', () => this.statement(`SELECT * FROM ${quote(this.tableName)}${where} ORDER BY rowid`).all(...params).map((row) => this.decode(row)));
  }

  /** Every column: the database-assigned `id` (if any), then the declared fields. */
  private columns(): readonly ModelField[] {
    return this.autoKey ? [AUTO_KEY, ...this.fields] : this.fields;
  }

  private columnDefinitions(): string[] {
    return this.columns().map((f) => {
      if (f === AUTO_KEY) return 'id INTEGER PRIMARY KEY AUTOINCREMENT';
      return `${quote(f.name)} ${COLUMN_TYPES[f.dataType]}${f.primaryKey === true ? ' PRIMARY KEY NOT NULL' : ''}`;
    });
  }

  private record(f: ModelField): void {
    this.db.raw.prepare('INSERT INTO jittask_model_fields (table_name, field, data_type, primary_key, model) VALUES (?, ?, ?, ?, ?)')
      .run(this.tableName, f.name, f.dataType, f.primaryKey === true ? 1 : 0, this.model);
  }

  private checkConflicts(stored: StoredField[]): void {
    const issues: JitIssue[] = [];
    const conflict = (field: string, message: string): void => {
      issues.push({ code: 'SCHEMA_CONFLICT', fullName: this.model, path: field, message: `${this.model}: field '${field}' ${message}` });
    };
    for (const s of stored) {
      const declared = this.fields.find((f) => f.name === s.field);
      if (!declared) conflict(s.field, `(${s.data_type}) was removed, but table ${this.tableName} holds its data`);
      else if (declared.dataType !== s.data_type) conflict(s.field, `changed its dataType from ${s.data_type} to ${declared.dataType}; stored values would be misread`);
      else if ((declared.primaryKey === true) !== (s.primary_key === 1)) conflict(s.field, `${declared.primaryKey === true ? 'became' : 'is no longer'} the primary key`);
    }
    const known = new Set(stored.map((s) => s.field));
    for (const f of this.fields) {
      if (f.primaryKey === true && !known.has(f.name)) conflict(f.name, `cannot become the primary key of existing table ${this.tableName}`);
    }
    if (issues.length === 0) return;
    const message = issues.length === 1 ? issues[0]!.message : `${this.model}: ${issues.length} schema conflicts:\n  ${issues.map((i) => i.message).join('\n  ')}`;
    throw new JitError('SCHEMA_CONFLICT', message, { fullName: this.model, issues, details: { fields: issues.map((i) => i.path) } });
  }

  private encode(f: ModelField, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (f.dataType) {
      case 'Boolean':
        return value === true ? 1 : 0;
      case 'Datetime':
        return (value as DateTime).toMillis();
      case 'JitDict':
      case 'JitList':
        return JSON.stringify(value);
      default:
        return value;
    }
  }

  private decode(row: Record<string, unknown>): ModelRow {
    const out: ModelRow = {};
    for (const f of this.columns()) {
      const stored = row[f.name];
      out[f.name] = stored === null || stored === undefined ? null : this.decodeValue(f, stored);
    }
    return out;
  }

  private decodeValue(f: ModelField, stored: unknown): unknown {
    switch (f.dataType) {
      case 'Boolean':
        return stored === 1;
      case 'Datetime':
        return formatAppTime(DateTime.fromMillis(stored as number), this.zone);
      case 'JitDict':
      case 'JitList':
        return JSON.parse(stored as string) as unknown;
      default:
        return stored;
    }
  }

  private statement(sql: string): Statement<unknown[], Record<string, unknown>> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.raw.prepare<unknown[], Record<string, unknown>>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn`, turning a driver failure into `DATABASE_ERROR` (a JitError passes through). */
  private guard<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      throw databaseError(`${this.model}: could not ${action} table ${this.tableName} in ${this.db.file}`, this.db.file, cause);
    }
  }
}

/** An SQL identifier; names are already checked to be identifiers, quoting keeps keywords safe. */
function quote(name: string): string {
  return `"${name}"`;
}
