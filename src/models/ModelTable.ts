import type { ModelField, ModelRow } from './ModelField';
import type { QCheckedNode } from './q/resolveQ';

/** One key of a sort: a field, ascending (a row without a value first) or descending (such a row last). */
export interface ModelOrder {
  field: ModelField;
  descending: boolean;
}

/** How {@link ModelTable.select} reads. */
export interface SelectOptions {
  /** The sort, before insertion order (which breaks every tie). */
  order?: readonly ModelOrder[];
  /** At most this many rows, after skipping `offset`. */
  limit?: number;
  offset?: number;
  /** Lock the rows read until the transaction ends (no other transaction may change them). */
  lock?: boolean;
  /** Also count every row that matches, whatever `limit` and `offset` leave out. */
  total?: boolean;
}

/**
 * The table of one model in its database, whatever the database: what `ModelElement` needs. Values
 * going in are already checked and converted by `convertValue` (a luxon DateTime for `Datetime`, a
 * boolean for `Boolean`, JSON-safe values for `JitDict`/`JitList`); rows come back with Datetimes
 * as `YYYY-MM-DD HH:mm:ss` in the app zone, Dates as `YYYY-MM-DD`, booleans, numbers and parsed
 * JSON, every column present (null without a value), in insertion order. Driver failures reject
 * with `DATABASE_ERROR`.
 */
export interface ModelTable {
  /** The key field: the declared `primaryKey` one, or the database-assigned integer `id`. */
  readonly key: ModelField;
  /** True when the database assigns the key. */
  readonly autoKey: boolean;
  /**
   * Creates the table, or brings an existing one up to the declared fields, in one transaction: a
   * new field becomes a new column (rows keep their data, the column is null in them). The
   * declared fields are kept in `jittask_model_fields`, so the next start can compare.
   *
   * @returns False when the work joined a transaction of the caller that is still open: its
   *   rollback would undo the work, so the caller checks again next time.
   * @throws JitError `SCHEMA_CONFLICT` naming every field whose dataType or primaryKey changed or
   *   that was removed (nothing is changed then: existing data is never dropped or reinterpreted),
   *   or when the table exists without a record of its fields (it was not made by a model).
   */
  ensureSchema(): Promise<boolean>;
  /**
   * Runs `fn` in one transaction of the table's database (a savepoint of the caller's open one):
   * committed when it resolves, rolled back when it rejects, with the same error.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** The row with key `key`, or null; with `lock`, no other transaction may change it until this one ends. */
  find(key: unknown, lock?: boolean): Promise<ModelRow | null>;
  /** Inserts a row (fields not in `values` are null) and returns it as stored; null when its key is already used. */
  insert(values: Readonly<Record<string, unknown>>): Promise<ModelRow | null>;
  /** Sets the given fields of the row with key `key`; returns it as stored, or null when there is none. */
  update(key: unknown, values: Readonly<Record<string, unknown>>): Promise<ModelRow | null>;
  /** Deletes the row with key `key`; false when there was none. */
  delete(key: unknown): Promise<boolean>;
  /**
   * The rows `filter` matches (every row for null), sorted by `order` and then in insertion order;
   * `total` is the number of rows that match when `options.total` asks for it, else null.
   */
  select(filter: QCheckedNode | null, options?: SelectOptions): Promise<{ rows: ModelRow[]; total: number | null }>;
  /** The number of rows `filter` matches (every row for null). */
  count(filter: QCheckedNode | null): Promise<number>;
  /** The rows with these keys, in insertion order; with `lock`, locked until the transaction ends. */
  findMany(keys: readonly unknown[], lock?: boolean): Promise<ModelRow[]>;
  /** Sets the given fields of the rows with these keys (at least one field); returns them as stored, in no particular order. */
  updateMany(keys: readonly unknown[], values: Readonly<Record<string, unknown>>): Promise<ModelRow[]>;
  /** Deletes the rows with these keys; returns how many there were. */
  deleteMany(keys: readonly unknown[]): Promise<number>;
}

/** The key of rows of a model without a `primaryKey` field. */
export const AUTO_KEY: ModelField = { name: 'id', title: 'Id', dataType: 'Integer', primaryKey: true };

/** The key field of a model with these fields: its `primaryKey` one, else {@link AUTO_KEY}. */
export function keyOf(fields: readonly ModelField[]): ModelField {
  return fields.find((f) => f.primaryKey === true) ?? AUTO_KEY;
}
