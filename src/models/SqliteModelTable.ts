import type { Statement } from 'better-sqlite3';
import { databaseError } from '../db/databaseError';
import type { SqliteDatabase } from '../db/SqliteDatabase';
import { sqliteWriteTurns } from '../db/sqliteWriteTurns';
import { JitError } from '../errors/JitError';
import { checkStoredFields, type StoredField } from './checkStoredFields';
import type { ModelDataType, ModelField, ModelRow } from './ModelField';
import { AUTO_KEY, keyOf, type ModelTable } from './ModelTable';
import { modelValueCodec } from './modelValueCodec';
import { runInTransaction } from './runInTransaction';

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
  Money: 'REAL',
  Percent: 'REAL',
  Phone: 'TEXT',
  Email: 'TEXT',
  Url: 'TEXT',
  Time: 'TEXT',
};

/**
 * The {@link ModelTable} of a model in an SQLite database. Booleans are stored as 1/0, Datetimes as
 * epoch ms, JSON as text; rowid keeps insertion order. better-sqlite3 is synchronous: writes happen
 * inside {@link transaction}, which takes turns with the connection's other writers.
 */
export class SqliteModelTable implements ModelTable {
  readonly key: ModelField;
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
    this.key = keyOf(fields);
    this.autoKey = this.key === AUTO_KEY;
  }

  /** Takes its turn among the connection's writers, so it never lands in another caller's open transaction. */
  async ensureSchema(): Promise<boolean> {
    return sqliteWriteTurns.write(this.db, () => {
      // In its turn, a transaction is open on the connection only when it is the caller's own.
      const joined = this.db.raw.inTransaction;
      this.guard('create or update', () => this.db.transaction(() => this.createOrUpdate()));
      return !joined;
    });
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return runInTransaction(this.db, fn);
  }

  /** Writers take turns, so a row read in a transaction cannot change before it ends: `lock` is not needed. */
  async find(key: unknown): Promise<ModelRow | null> {
    return this.guard('read', () => {
      const row = this.statement(`SELECT * FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ?`).get(this.encode(this.key, key));
      return row ? this.decode(row) : null;
    });
  }

  async insert(values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const sql = `INSERT INTO ${quote(this.tableName)} (${this.fields.map((f) => quote(f.name)).join(', ')})
      VALUES (${this.fields.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING RETURNING *`;
    return this.guard('insert into', () => {
      const row = this.statement(sql).get(...this.fields.map((f) => this.encode(f, values[f.name])));
      return row ? this.decode(row) : null;
    });
  }

  async update(key: unknown, values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const columns = this.fields.filter((f) => f.name in values);
    if (columns.length === 0) return this.find(key);
    const sql = `UPDATE ${quote(this.tableName)} SET ${columns.map((f) => `${quote(f.name)} = ?`).join(', ')}
      WHERE ${quote(this.key.name)} = ? RETURNING *`;
    return this.guard('update', () => {
      const row = this.statement(sql).get(...columns.map((f) => this.encode(f, values[f.name])), this.encode(this.key, key));
      return row ? this.decode(row) : null;
    });
  }

  async delete(key: unknown): Promise<boolean> {
    return this.guard('delete from', () =>
      this.statement(`DELETE FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ? RETURNING 1`).get(this.encode(this.key, key)) !== undefined);
  }

  async query(filter: Readonly<Record<string, unknown>>): Promise<ModelRow[]> {
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

  private createOrUpdate(): void {
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
    checkStoredFields(this.model, this.tableName, this.fields, stored);
    const known = new Set(stored.map((s) => s.field));
    for (const f of this.fields.filter((field) => !known.has(field.name))) {
      raw.exec(`ALTER TABLE ${quote(this.tableName)} ADD COLUMN ${quote(f.name)} ${COLUMN_TYPES[f.dataType]}`);
      this.record(f);
    }
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

  private encode(f: ModelField, value: unknown): unknown {
    return modelValueCodec.encode(f, value, 'sqlite');
  }

  private decode(row: Record<string, unknown>): ModelRow {
    return modelValueCodec.decodeRow(row, this.columns(), this.zone, 'sqlite');
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
