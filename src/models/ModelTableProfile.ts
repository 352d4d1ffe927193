import type { ModelDataType } from './ModelField';
import type { LikePart } from './q/resolveQ';

/**
 * What `SqlModelTable` writes differently on one database: the SQL the two databases do not share.
 * Everything else (the statements, the `jittask_model_fields` registry, the errors) is one code.
 */
export interface ModelTableProfile {
  /** The column type of each data type. */
  readonly columnTypes: Readonly<Record<ModelDataType, string>>;
  /** The type of the database-assigned `id` column of a model without a `primaryKey` field. */
  readonly autoKeyType: string;
  /** The type of the registry's `primary_key` flag (1 or 0): the one read back as a number. */
  readonly flagType: string;
  /**
   * The type of the hidden column that numbers a table's rows in insertion order; null when the
   * database numbers them itself, in `rowid`.
   */
  readonly sequenceType: string | null;
  /** The `n`-th (from 1) parameter of a statement. Every statement uses each parameter once, in order. */
  placeholder(n: number): string;
  /** Returns a row when the table its one parameter names exists where unqualified names are found. */
  readonly tableExists: string;
  /** Run first in the transaction that creates or alters a table, so that concurrent processes take turns; null when they need not. */
  readonly schemaLock: string | null;
  /** Appended to a `SELECT` to lock its row until the transaction ends; null when rows need no lock. */
  readonly rowLock: string | null;
  /**
   * Appended to a text column where it is compared for order or sorted, so that text is ordered by
   * code point on either database (PostgreSQL would otherwise use its locale's order).
   */
  readonly textCollation: string;
  /** SQL true when `column` equals one of the values of the list parameter `param` (see {@link listParam}). */
  inList(column: string, param: string): string;
  /**
   * The one parameter of {@link inList} holding `values` (as the driver takes them): one
   * parameter, whatever the length of the list, so a statement's text does not depend on it.
   */
  listParam(values: readonly unknown[]): unknown;
  /** SQL true when `column` matches the pattern parameter `param` (see {@link likeParam}), case-sensitively. */
  likeTest(column: string, param: string): string;
  /** The pattern parameter of {@link likeTest} for `parts`, the text in it escaped so that only the wildcards are wildcards. */
  likeParam(parts: readonly LikePart[]): string;
}

/** A LIKE pattern in the syntax `many`, `one` and `escape` give (text characters in `special` escaped). */
function pattern(parts: readonly LikePart[], many: string, one: string, escape: (c: string) => string, special: RegExp): string {
  return parts.map((part) => (part === 'many' ? many : part === 'one' ? one : part.text.replace(special, escape))).join('');
}

/**
 * The columns of JitAi's field types beyond jittask's own: text (text types, and lists and objects
 * as JSON text), except Checkbox, an integer 1/0.
 */
function jitaiColumnTypes(text: string, integer: string) {
  return {
    RichText: text,
    Serial: text,
    Radio: text,
    MultiRadio: text,
    Dropdown: text,
    MultiDropdown: text,
    Checkbox: integer,
    File: text,
    Image: text,
    Signature: text,
    Dept: text,
    MultiDept: text,
    Member: text,
    MultiMember: text,
    Address: text,
    Identify: text,
    LicensePlate: text,
    Position: text,
    Link: text,
    SubTable: text,
    RelateData: text,
    MultiRelateData: text,
  } as const;
}

/**
 * SQLite: Booleans are INTEGER 1/0 (it has no boolean type), Datetimes INTEGER epoch milliseconds
 * (so they sort and compare exactly), JSON TEXT; `rowid` keeps insertion order.
 */
export const sqliteProfile: ModelTableProfile = {
  columnTypes: {
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
    ...jitaiColumnTypes('TEXT', 'INTEGER'),
  },
  // The alias of rowid: ordering by id is ordering by insertion.
  autoKeyType: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  flagType: 'INTEGER',
  sequenceType: null,
  // better-sqlite3 binds numbered `?NNN` parameters by name only (from an object), while
  // `Database.query` passes a list: plain `?` binds the same, each parameter being used once, in order.
  placeholder: () => '?',
  tableExists: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
  // One connection runs one transaction at a time and its writers take turns (see SqliteDatabase):
  // nothing else can change the schema or a row read in a transaction before it ends.
  schemaLock: null,
  rowLock: null,
  // BINARY, SQLite's default, compares UTF-8 bytes: the code point order.
  textCollation: '',
  inList: (column, param) => `${column} IN (SELECT value FROM json_each(${param}))`,
  listParam: (values) => JSON.stringify(values),
  // LIKE ignores ASCII case in SQLite and not in PostgreSQL; GLOB is case-sensitive, like PostgreSQL's LIKE.
  likeTest: (column, param) => `${column} GLOB ${param}`,
  // GLOB has no escape character: a special character stands for itself inside brackets.
  likeParam: (parts) => pattern(parts, '*', '?', (c) => `[${c}]`, /[*?[]/g),
};

/**
 * Key of the advisory lock held while a model's table is created or altered ("jitm" in ASCII; the
 * migrations hold "jitt").
 */
const SCHEMA_LOCK = 0x6a69746d;

/**
 * PostgreSQL: what SQLite stores, in PostgreSQL's types. Integers and Datetimes (epoch
 * milliseconds) are BIGINT, read back as numbers by the codec; JSON is TEXT, not jsonb, which would
 * reorder keys. PostgreSQL has no rowid: a table keyed by a declared field gets a hidden BIGSERIAL
 * `jittask_seq` column. Writers in different async contexts run at the same time on pooled
 * connections, so processes starting together take turns on the schema under an advisory lock,
 * and a row read to be changed is locked.
 */
export const postgresProfile: ModelTableProfile = {
  columnTypes: {
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
    // INTEGER, not BIGINT: pg reads it back as a number.
    ...jitaiColumnTypes('TEXT', 'INTEGER'),
  },
  autoKeyType: 'BIGSERIAL PRIMARY KEY',
  // Not BIGINT, which pg reads back as a string.
  flagType: 'SMALLINT',
  sequenceType: 'BIGSERIAL NOT NULL',
  placeholder: (n) => `$${n}`,
  // In the schema new tables go to (the first of search_path), where unqualified names are found.
  tableExists: `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname = $1`,
  schemaLock: `SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`,
  rowLock: 'FOR UPDATE',
  textCollation: ' COLLATE "C"',
  // The parameter's type is the column's array type, which PostgreSQL infers from the comparison.
  inList: (column, param) => `${column} = ANY(${param})`,
  listParam: (values) => [...values],
  likeTest: (column, param) => `${column} LIKE ${param} ESCAPE '\\'`,
  likeParam: (parts) => pattern(parts, '%', '_', (c) => `\\${c}`, /[\\%_]/g),
};
