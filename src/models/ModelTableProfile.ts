import type { ModelDataType } from './ModelField';

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
};
