import type { Database } from '../db/Database';
import { databaseError } from '../db/databaseError';
import { JitError } from '../errors/JitError';
import { checkStoredFields, type StoredField } from './checkStoredFields';
import type { ModelField, ModelRow } from './ModelField';
import { AUTO_KEY, keyOf, type ModelTable } from './ModelTable';
import type { ModelTableProfile } from './ModelTableProfile';
import { modelValueCodec } from './modelValueCodec';

/**
 * The hidden insertion-order column of a table keyed by a declared field, where the database has no
 * rowid. Field names cannot start with `jittask_`, so it never clashes with one.
 */
const SEQ_COLUMN = 'jittask_seq';

/** A row as the driver returns it. */
type StoredRow = Record<string, unknown>;

/**
 * The {@link ModelTable} of a model in an SQLite or PostgreSQL database: the same statements, the
 * same `jittask_model_fields` registry and the same errors on both, through {@link Database} only.
 * What the databases do differently is in the {@link ModelTableProfile}:
 *
 * - Column types. Datetimes are epoch milliseconds on both (they sort and compare exactly) and JSON
 *   is TEXT (PostgreSQL's jsonb would reorder keys); SQLite has no boolean type, so Booleans are
 *   1/0 there (see `modelValueCodec`).
 * - Insertion order. SQLite numbers rows itself (rowid); PostgreSQL has no rowid, so rows come in
 *   the order of `id`, or of a hidden `jittask_seq` column when a field is the key.
 * - Concurrency. SQLite's writers take turns on its one connection (see `SqliteDatabase`), so a row
 *   read in a transaction cannot change before it ends and no other writer can see a half-made
 *   schema. PostgreSQL's writers in different async contexts run at the same time: the schema is
 *   created or altered under an advisory lock ("jitm"), so processes starting together make each
 *   change once; a row read to be changed is locked (`find` with `lock`); and a taken key, even one
 *   not committed yet, is found by the insert itself (`ON CONFLICT DO NOTHING`).
 *
 * Every statement joins the caller's open transaction of the database, such as the task store's.
 */
export class SqlModelTable implements ModelTable {
  readonly key: ModelField;
  readonly autoKey: boolean;

  constructor(
    /** The database the table is in. */
    readonly db: Database,
    /** What the database's SQL calls for. */
    private readonly profile: ModelTableProfile,
    /** The model's fullName, for messages and the field registry. */
    private readonly model: string,
    /** The table the rows live in. */
    readonly tableName: string,
    /** The model's declared fields, in declared order. */
    readonly fields: readonly ModelField[],
    /** The app zone Datetimes are shown in. */
    private readonly zone: string,
  ) {
    this.key = keyOf(fields);
    this.autoKey = this.key === AUTO_KEY;
  }

  async ensureSchema(): Promise<boolean> {
    const joined = this.db.isInTransaction();
    await this.guard('create or update', () => this.db.transaction(() => this.createOrUpdate()));
    return !joined;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async find(key: unknown, lock = false): Promise<ModelRow | null> {
    const rowLock = lock && this.profile.rowLock !== null ? ` ${this.profile.rowLock}` : '';
    const [row] = await this.run(
      'read',
      `SELECT * FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ${this.profile.placeholder(1)}${rowLock}`,
      [this.encode(this.key, key)],
    );
    return row ? this.decode(row) : null;
  }

  async insert(values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const sql = `INSERT INTO ${quote(this.tableName)} (${this.fields.map((f) => quote(f.name)).join(', ')})
      VALUES (${this.fields.map((_, i) => this.profile.placeholder(i + 1)).join(', ')}) ON CONFLICT DO NOTHING RETURNING *`;
    const [row] = await this.run(
      'insert into',
      sql,
      this.fields.map((f) => this.encode(f, values[f.name])),
    );
    return row ? this.decode(row) : null;
  }

  async update(key: unknown, values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const columns = this.fields.filter((f) => f.name in values);
    if (columns.length === 0) return this.find(key);
    const sql = `UPDATE ${quote(this.tableName)} SET ${columns.map((f, i) => `${quote(f.name)} = ${this.profile.placeholder(i + 1)}`).join(', ')}
      WHERE ${quote(this.key.name)} = ${this.profile.placeholder(columns.length + 1)} RETURNING *`;
    const [row] = await this.run('update', sql, [...columns.map((f) => this.encode(f, values[f.name])), this.encode(this.key, key)]);
    return row ? this.decode(row) : null;
  }

  async delete(key: unknown): Promise<boolean> {
    const rows = await this.run(
      'delete from',
      `DELETE FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ${this.profile.placeholder(1)} RETURNING 1`,
      [this.encode(this.key, key)],
    );
    return rows.length > 0;
  }

  async query(filter: Readonly<Record<string, unknown>>): Promise<ModelRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const f of this.columns()) {
      if (!(f.name in filter)) continue;
      const value = filter[f.name];
      if (value === null) {
        conditions.push(`${quote(f.name)} IS NULL`);
        continue;
      }
      params.push(this.encode(f, value));
      conditions.push(`${quote(f.name)} = ${this.profile.placeholder(params.length)}`);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const order = this.rowOrder(this.autoKey ? quote(AUTO_KEY.name) : SEQ_COLUMN);
    const rows = await this.run('query', `SELECT * FROM ${quote(this.tableName)}${where} ORDER BY ${order}`, params);
    return rows.map((row) => this.decode(row));
  }

  /** Runs within the transaction of {@link ensureSchema}, which turns its failures into `DATABASE_ERROR`. */
  private async createOrUpdate(): Promise<void> {
    const p = this.profile.placeholder;
    if (this.profile.schemaLock !== null) await this.db.query(this.profile.schemaLock);
    const registry = [
      'table_name TEXT NOT NULL',
      'field TEXT NOT NULL',
      'data_type TEXT NOT NULL',
      `primary_key ${this.profile.flagType} NOT NULL`,
      'model TEXT NOT NULL',
      ...(this.profile.sequenceType === null ? [] : [`seq ${this.profile.sequenceType}`]),
      'PRIMARY KEY (table_name, field)',
    ];
    await this.db.query(`CREATE TABLE IF NOT EXISTS jittask_model_fields (${registry.join(', ')})`);
    const stored = await this.db.query<StoredField>(
      `SELECT field, data_type, primary_key FROM jittask_model_fields WHERE table_name = ${p(1)} ORDER BY ${this.rowOrder('seq')}`,
      [this.tableName],
    );
    const exists = (await this.db.query(this.profile.tableExists, [this.tableName])).length > 0;
    if (!exists) {
      // Fields recorded for a table that is gone (dropped by hand) describe nothing any more.
      await this.db.query(`DELETE FROM jittask_model_fields WHERE table_name = ${p(1)}`, [this.tableName]);
      await this.db.query(`CREATE TABLE ${quote(this.tableName)} (${this.columnDefinitions().join(', ')})`);
      for (const f of this.fields) await this.record(f);
      return;
    }
    if (stored.length === 0) {
      throw new JitError(
        'SCHEMA_CONFLICT',
        `${this.model}: table ${this.tableName} exists but was not created by a model; name another table`,
        { fullName: this.model },
      );
    }
    checkStoredFields(this.model, this.tableName, this.fields, stored);
    const known = new Set(stored.map((s) => s.field));
    for (const f of this.fields.filter((field) => !known.has(field.name))) {
      await this.db.query(`ALTER TABLE ${quote(this.tableName)} ADD COLUMN ${quote(f.name)} ${this.profile.columnTypes[f.dataType]}`);
      await this.record(f);
    }
  }

  /** Every column but a hidden one: the database-assigned `id` (if any), then the declared fields. */
  private columns(): readonly ModelField[] {
    return this.autoKey ? [AUTO_KEY, ...this.fields] : this.fields;
  }

  private columnDefinitions(): string[] {
    const columns = this.columns().map((f) => {
      if (f === AUTO_KEY) return `${quote(AUTO_KEY.name)} ${this.profile.autoKeyType}`;
      return `${quote(f.name)} ${this.profile.columnTypes[f.dataType]}${f.primaryKey === true ? ' PRIMARY KEY NOT NULL' : ''}`;
    });
    // An `id` key numbers rows in insertion order already.
    if (this.autoKey || this.profile.sequenceType === null) return columns;
    return [...columns, `${SEQ_COLUMN} ${this.profile.sequenceType}`];
  }

  /** The column rows are ordered by: the database's own rowid, else `column`, which numbers them. */
  private rowOrder(column: string): string {
    return this.profile.sequenceType === null ? 'rowid' : column;
  }

  private async record(f: ModelField): Promise<void> {
    const p = this.profile.placeholder;
    await this.db.query(
      `INSERT INTO jittask_model_fields (table_name, field, data_type, primary_key, model) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
      [this.tableName, f.name, f.dataType, f.primaryKey === true ? 1 : 0, this.model],
    );
  }

  private encode(f: ModelField, value: unknown): unknown {
    return modelValueCodec.encode(f, value, this.db.dialect);
  }

  private decode(row: StoredRow): ModelRow {
    return modelValueCodec.decodeRow(row, this.columns(), this.zone, this.db.dialect);
  }

  /** One statement on the table's rows, its failure a `DATABASE_ERROR`. */
  private run(action: string, sql: string, params: readonly unknown[]): Promise<StoredRow[]> {
    return this.guard(action, () => this.db.query<StoredRow>(sql, params));
  }

  /** Runs `fn`, turning a driver failure into `DATABASE_ERROR` (a JitError passes through). */
  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw databaseError(`${this.model}: could not ${action} table ${this.tableName} in ${this.db.name}`, this.db.name, cause);
    }
  }
}

/** An SQL identifier; names are already checked to be identifiers, quoting keeps keywords and case. */
function quote(name: string): string {
  return `"${name}"`;
}
