import { databaseError } from '../db/databaseError';
import type { PgDatabase, PgQueryable } from '../db/PgDatabase';
import { JitError } from '../errors/JitError';
import { checkStoredFields, type StoredField } from './checkStoredFields';
import type { ModelDataType, ModelField, ModelRow } from './ModelField';
import { AUTO_KEY, keyOf, type ModelTable } from './ModelTable';
import { modelValueCodec } from './modelValueCodec';

/**
 * The PostgreSQL column type of each data type: what SQLite stores, in PostgreSQL's types. JSON is
 * TEXT, not jsonb, which would reorder keys; Datetimes are epoch milliseconds.
 */
const COLUMN_TYPES: Record<ModelDataType, string> = {
  Stext: 'TEXT',
  Ltext: 'TEXT',
  Numeric: 'DOUBLE PRECISION',
  Integer: 'BIGINT',
  Boolean: 'BOOLEAN',
  Date: 'TEXT',
  Datetime: 'BIGINT',
  JitDict: 'TEXT',
  JitList: 'TEXT',
  Money: 'DOUBLE PRECISION',
  Percent: 'DOUBLE PRECISION',
  Phone: 'TEXT',
  Email: 'TEXT',
  Url: 'TEXT',
  Time: 'TEXT',
};

/**
 * Key of the advisory lock held while a model's table is created or altered ("jitm" in ASCII; the
 * migrations hold "jitt"): processes starting together take turns, so each change is made once.
 */
const SCHEMA_LOCK = 0x6a69746d;

/**
 * Insertion order of a table keyed by a declared field (PostgreSQL has no rowid). Field names
 * cannot start with `jittask_`, so it never clashes with one.
 */
const SEQ_COLUMN = 'jittask_seq';

/**
 * The {@link ModelTable} of a model in a PostgreSQL database, with the behaviour of
 * `SqliteModelTable`: the same columns in PostgreSQL's types, the same `jittask_model_fields`
 * registry and the same errors. Integers and Datetimes are BIGINT, read back as numbers; rows come
 * in insertion order (by `id`, or by a hidden `jittask_seq` column when a field is the key).
 *
 * Every statement goes through `PgDatabase.query`, so within {@link transaction} (and within any
 * open transaction of the database, such as the task store's) it runs on that transaction's
 * connection. Unlike SQLite, writers in different async contexts run at the same time: a row read
 * to be changed is locked (`find` with `lock`) and a taken key is found by the insert itself.
 */
export class PgModelTable implements ModelTable {
  readonly key: ModelField;
  readonly autoKey: boolean;

  constructor(
    /** The database the table is in. */
    readonly db: PgDatabase,
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

  /** Holds an advisory lock while it works, so processes starting at once do not collide. */
  async ensureSchema(): Promise<boolean> {
    const joined = this.db.isInTransaction();
    await this.guard('create or update', () => this.db.transaction((tx) => this.createOrUpdate(tx)));
    return !joined;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(() => fn());
  }

  async find(key: unknown, lock = false): Promise<ModelRow | null> {
    return this.guard('read', async () => {
      const [row] = await this.db.query<Record<string, unknown>>(
        `SELECT * FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = $1${lock ? ' FOR UPDATE' : ''}`, [this.encode(this.key, key)]);
      return row ? this.decode(row) : null;
    });
  }

  /** A key already used, even by a row another transaction has not committed yet, is found by the insert itself. */
  async insert(values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const sql = `INSERT INTO ${quote(this.tableName)} (${this.fields.map((f) => quote(f.name)).join(', ')})
      VALUES (${this.fields.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING *`;
    return this.guard('insert into', async () => {
      const [row] = await this.db.query<Record<string, unknown>>(sql, this.fields.map((f) => this.encode(f, values[f.name])));
      return row ? this.decode(row) : null;
    });
  }

  async update(key: unknown, values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const columns = this.fields.filter((f) => f.name in values);
    if (columns.length === 0) return this.find(key);
    const sql = `UPDATE ${quote(this.tableName)} SET ${columns.map((f, i) => `${quote(f.name)} = $${i + 1}`).join(', ')}
      WHERE ${quote(this.key.name)} = $${columns.length + 1} RETURNING *`;
    return this.guard('update', async () => {
      const [row] = await this.db.query<Record<string, unknown>>(sql, [...columns.map((f) => this.encode(f, values[f.name])), this.encode(this.key, key)]);
      return row ? this.decode(row) : null;
    });
  }

  async delete(key: unknown): Promise<boolean> {
    return this.guard('delete from', async () =>
      (await this.db.query(`DELETE FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = $1 RETURNING 1`, [this.encode(this.key, key)])).length > 0);
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
      conditions.push(`${quote(f.name)} = $${params.length}`);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const order = this.autoKey ? AUTO_KEY.name : SEQ_COLUMN;
    return this.guard('query', async () =>
      (await this.db.query<Record<string, unknown>>(`SELECT * FROM ${quote(this.tableName)}${where} ORDER BY ${quote(order)}`, params)).map((row) => this.decode(row)));
  }

  private async createOrUpdate(tx: PgQueryable): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS jittask_model_fields (
      table_name  TEXT NOT NULL,
      field       TEXT NOT NULL,
      data_type   TEXT NOT NULL,
      primary_key SMALLINT NOT NULL,
      model       TEXT NOT NULL,
      seq         BIGSERIAL NOT NULL,
      PRIMARY KEY (table_name, field)
    )`);
    const stored = await tx.query<StoredField>(
      'SELECT field, data_type, primary_key FROM jittask_model_fields WHERE table_name = $1 ORDER BY seq', [this.tableName]);
    // In the schema new tables go to (the first of search_path), where unqualified names are found.
    const exists = (await tx.query(`
      SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relname = $1`, [this.tableName])).length > 0;
    if (!exists) {
      // Fields recorded for a table that is gone (dropped by hand) describe nothing any more.
      await tx.query('DELETE FROM jittask_model_fields WHERE table_name = $1', [this.tableName]);
      await tx.query(`CREATE TABLE ${quote(this.tableName)} (${this.columnDefinitions().join(', ')})`);
      for (const f of this.fields) await this.record(tx, f);
      return;
    }
    if (stored.length === 0) {
      throw new JitError('SCHEMA_CONFLICT', `${this.model}: table ${this.tableName} exists but was not created by a model; name another table`, { fullName: this.model });
    }
    checkStoredFields(this.model, this.tableName, this.fields, stored);
    const known = new Set(stored.map((s) => s.field));
    for (const f of this.fields.filter((field) => !known.has(field.name))) {
      await tx.query(`ALTER TABLE ${quote(this.tableName)} ADD COLUMN ${quote(f.name)} ${COLUMN_TYPES[f.dataType]}`);
      await this.record(tx, f);
    }
  }

  /** Every column but the hidden order: the database-assigned `id` (if any), then the declared fields. */
  private columns(): readonly ModelField[] {
    return this.autoKey ? [AUTO_KEY, ...this.fields] : this.fields;
  }

  private columnDefinitions(): string[] {
    const columns = this.columns().map((f) => {
      if (f === AUTO_KEY) return `${quote(AUTO_KEY.name)} BIGSERIAL PRIMARY KEY`;
      return `${quote(f.name)} ${COLUMN_TYPES[f.dataType]}${f.primaryKey === true ? ' PRIMARY KEY NOT NULL' : ''}`;
    });
    return this.autoKey ? columns : [...columns, `${quote(SEQ_COLUMN)} BIGSERIAL NOT NULL`];
  }

  private async record(tx: PgQueryable, f: ModelField): Promise<void> {
    await tx.query('INSERT INTO jittask_model_fields (table_name, field, data_type, primary_key, model) VALUES ($1, $2, $3, $4, $5)',
      [this.tableName, f.name, f.dataType, f.primaryKey === true ? 1 : 0, this.model]);
  }

  private encode(f: ModelField, value: unknown): unknown {
    return modelValueCodec.encode(f, value, 'postgres');
  }

  private decode(row: Record<string, unknown>): ModelRow {
    return modelValueCodec.decodeRow(row, this.columns(), this.zone, 'postgres');
  }

  /** Runs `fn`, turning a driver failure into `DATABASE_ERROR` (a JitError passes through). */
  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw databaseError(`${this.model}: could not ${action} table ${this.tableName} in ${this.db.url}`, this.db.url, cause);
    }
  }
}

/** An SQL identifier; names are already checked to be identifiers, quoting keeps keywords and case. */
function quote(name: string): string {
  return `"${name}"`;
}
