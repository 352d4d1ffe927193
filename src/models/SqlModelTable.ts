import type { Database } from '../db/Database';
import { databaseError } from '../db/databaseError';
import { JitError } from '../errors/JitError';
import { checkStoredFields, type StoredField } from './checkStoredFields';
import type { ModelField, ModelRow } from './ModelField';
import { AUTO_KEY, keyOf, type ModelTable, type SelectOptions } from './ModelTable';
import type { ModelTableProfile } from './ModelTableProfile';
import { modelValueCodec } from './modelValueCodec';
import { compileQ, quote } from './q/compileQ';
import type { QCheckedNode } from './q/resolveQ';

/**
 * The hidden insertion-order column of a table keyed by a declared field, where the database has no
 * rowid. Field names cannot start with `jittask_`, so it never clashes with one.
 */
const SEQ_COLUMN = 'jittask_seq';

/** The column a paged query's count of all matches comes in. */
const TOTAL_COLUMN = 'jittask_total';

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
  /** The columns every statement reads, in the order of rows: the key, then the declared fields (no hidden column). */
  private readonly columnList: string;
  /** The columns whose stored value must be converted for callers (see `modelValueCodec.fieldsToDecode`). */
  private readonly toDecode: readonly ModelField[];

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
    this.columnList = this.columns()
      .map((f) => quote(f.name))
      .join(', ');
    this.toDecode = modelValueCodec.fieldsToDecode(this.columns(), db.dialect);
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
      `SELECT ${this.columnList} FROM ${quote(this.tableName)} WHERE ${quote(this.key.name)} = ${this.profile.placeholder(1)}${rowLock}`,
      [this.encode(this.key, key)],
    );
    return row ? this.decode(row) : null;
  }

  async insert(values: Readonly<Record<string, unknown>>): Promise<ModelRow | null> {
    const sql = `INSERT INTO ${quote(this.tableName)} (${this.fields.map((f) => quote(f.name)).join(', ')})
      VALUES (${this.fields.map((_, i) => this.profile.placeholder(i + 1)).join(', ')}) ON CONFLICT DO NOTHING RETURNING ${this.columnList}`;
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
      WHERE ${quote(this.key.name)} = ${this.profile.placeholder(columns.length + 1)} RETURNING ${this.columnList}`;
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

  async select(filter: QCheckedNode | null, options: SelectOptions = {}): Promise<{ rows: ModelRow[]; total: number | null }> {
    const params: unknown[] = [];
    const where = this.where(filter, params);
    const order = [
      ...(options.order ?? []).map((o) => {
        const text = this.profile.columnTypes[o.field.dataType] === 'TEXT' ? this.profile.textCollation : '';
        // Spelled out: SQLite sorts NULL first by default, PostgreSQL last.
        return `${quote(o.field.name)}${text} ${o.descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`;
      }),
      this.insertionOrder(),
    ];
    // The count of all matches comes with the page, from the same reading of the table.
    const total = options.total === true ? `, COUNT(*) OVER () AS ${TOTAL_COLUMN}` : '';
    let sql = `SELECT ${this.columnList}${total} FROM ${quote(this.tableName)}${where} ORDER BY ${order.join(', ')}`;
    if (options.limit !== undefined) {
      params.push(options.limit, options.offset ?? 0);
      sql += ` LIMIT ${this.profile.placeholder(params.length - 1)} OFFSET ${this.profile.placeholder(params.length)}`;
    }
    if (options.lock === true && this.profile.rowLock !== null) sql += ` ${this.profile.rowLock}`;
    const stored = await this.run('query', sql, params);
    if (options.total !== true) return { rows: stored.map((row) => this.decode(row)), total: null };
    // The count's column is left behind in a copy.
    const rows = stored.map((row) => modelValueCodec.decodeRow(row, this.columns(), this.zone, this.db.dialect));
    // A page past the end has no row to carry the count.
    if (stored.length === 0) return { rows, total: (options.offset ?? 0) === 0 ? 0 : await this.count(filter) };
    return { rows, total: Number(stored[0]![TOTAL_COLUMN]) };
  }

  async count(filter: QCheckedNode | null): Promise<number> {
    const params: unknown[] = [];
    const where = this.where(filter, params);
    const [row] = await this.run('count rows of', `SELECT COUNT(*) AS n FROM ${quote(this.tableName)}${where}`, params);
    return Number(row!.n);
  }

  async findMany(keys: readonly unknown[], lock = false): Promise<ModelRow[]> {
    if (keys.length === 0) return [];
    const rowLock = lock && this.profile.rowLock !== null ? ` ${this.profile.rowLock}` : '';
    const stored = await this.run(
      'read',
      `SELECT ${this.columnList} FROM ${quote(this.tableName)} WHERE ${this.keyIn()} ORDER BY ${this.insertionOrder()}${rowLock}`,
      [this.keyList(keys)],
    );
    return stored.map((row) => this.decode(row));
  }

  async updateMany(keys: readonly unknown[], values: Readonly<Record<string, unknown>>): Promise<ModelRow[]> {
    const columns = this.fields.filter((f) => f.name in values);
    if (keys.length === 0) return [];
    if (columns.length === 0) return this.findMany(keys);
    const set = columns.map((f, i) => `${quote(f.name)} = ${this.profile.placeholder(i + 1)}`).join(', ');
    const sql = `UPDATE ${quote(this.tableName)} SET ${set} WHERE ${this.keyIn(columns.length + 1)} RETURNING ${this.columnList}`;
    const stored = await this.run('update', sql, [...columns.map((f) => this.encode(f, values[f.name])), this.keyList(keys)]);
    return stored.map((row) => this.decode(row));
  }

  async deleteMany(keys: readonly unknown[]): Promise<number> {
    if (keys.length === 0) return 0;
    const rows = await this.run('delete from', `DELETE FROM ${quote(this.tableName)} WHERE ${this.keyIn()} RETURNING 1`, [
      this.keyList(keys),
    ]);
    return rows.length;
  }

  /** ` WHERE …` of `filter` (its values appended to `params`), or nothing for no filter. */
  private where(filter: QCheckedNode | null, params: unknown[]): string {
    if (filter === null) return '';
    const condition = compileQ(filter, { profile: this.profile, params, encode: (f, v) => this.encodeChecked(f, v) });
    return ` WHERE ${condition}`;
  }

  /** The key is one of the list parameter `n` (see {@link keyList}). */
  private keyIn(n = 1): string {
    return this.profile.inList(quote(this.key.name), this.profile.placeholder(n));
  }

  private keyList(keys: readonly unknown[]): unknown {
    return this.profile.listParam(keys.map((k) => this.encode(this.key, k)));
  }

  /** The sort that gives insertion order. */
  private insertionOrder(): string {
    return this.rowOrder(this.autoKey ? quote(AUTO_KEY.name) : SEQ_COLUMN);
  }

  /** Runs within the transaction of {@link ensureSchema}, which turns its failures into `DATABASE_ERROR`. */
  private async createOrUpdate(): Promise<void> {
    const p = (n: number): string => this.profile.placeholder(n);
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
    const p = (n: number): string => this.profile.placeholder(n);
    await this.db.query(
      `INSERT INTO jittask_model_fields (table_name, field, data_type, primary_key, model) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
      [this.tableName, f.name, f.dataType, f.primaryKey === true ? 1 : 0, this.model],
    );
  }

  private encode(f: ModelField, value: unknown): unknown {
    return modelValueCodec.encode(f, value, this.db.dialect);
  }

  /** A value of a checked filter (a Datetime already epoch milliseconds) as the driver takes it. */
  private encodeChecked(f: ModelField, value: unknown): unknown {
    return f.dataType === 'Datetime' ? value : this.encode(f, value);
  }

  /** A row the driver read (exactly the model's columns), as callers get it. */
  private decode(row: StoredRow): ModelRow {
    return modelValueCodec.decodeStored(row, this.toDecode, this.zone, this.db.dialect);
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
