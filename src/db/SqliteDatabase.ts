import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Statement } from 'better-sqlite3';
import { AmbientTransactions } from './AmbientTransactions';
import type { Database } from './Database';
import { databaseError } from './databaseError';
import { migrate } from './migrate';
import { migrations, type Migration } from './migrations';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache size in KiB (SQLite's default is 2 MiB). More keeps big batch inserts with random task
 * ids fast; less keeps the process small whatever the number of stored tasks. 16 MiB is the
 * compromise: memory is taken as used and never grows past it.
 */
const CACHE_SIZE_KIB = 16384;

/** Options of {@link SqliteDatabase.open}. */
export interface SqliteOpenOptions {
  /** The schema steps to bring the database to; all of jittask's by default (tests pass fewer). */
  migrations?: readonly Migration[];
}

/**
 * An open SQLite database (better-sqlite3) with jittask's schema applied. better-sqlite3 is
 * synchronous and one connection holds one transaction at a time, so every writer takes its turn
 * (see `AmbientTransactions`): code within an open {@link transaction} (its whole async call tree)
 * writes inside it; any other writer waits until no transaction is open, so a rollback never undoes
 * its write. Task stores write through {@link write}, synchronous statements in one turn, the
 * fastest path; model tables through {@link query} and {@link transaction}, like on PostgreSQL.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite';
  private readonly transactions = new AmbientTransactions<null>(null, true);
  private readonly statements = new Map<string, Statement<unknown[], object>>();
  private runner: ReturnType<BetterSqlite3.Database['transaction']> | undefined;

  private constructor(
    /** The better-sqlite3 handle, for preparing statements. */
    readonly raw: BetterSqlite3.Database,
    /** The path it was opened with, or `:memory:`. */
    readonly file: string,
    /** The schema version after migrating. */
    readonly schemaVersion: number,
  ) {}

  /** {@link file}: the database's name in messages. */
  get name(): string {
    return this.file;
  }

  /**
   * Opens (creating it and its parent folders if needed) the database at `file`, or a private
   * in-memory one for `:memory:`, and migrates it. Files use WAL so readers never block the writer,
   * with `synchronous=NORMAL` (durable across process crashes; a power cut may lose the last
   * commits, never corrupt the file).
   *
   * @throws JitError `DATABASE_ERROR` (with `file` and `cause`) when it cannot be opened or migrated,
   *   including a database written by a newer jittask.
   */
  static open(file: string, options: SqliteOpenOptions = {}): SqliteDatabase {
    let raw: BetterSqlite3.Database | undefined;
    try {
      const inMemory = file === ':memory:';
      if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
      raw = new BetterSqlite3(file);
      if (!inMemory) raw.pragma('journal_mode = WAL');
      raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      raw.pragma('foreign_keys = ON');
      raw.pragma('synchronous = NORMAL');
      raw.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
      const version = migrate(raw, options.migrations ?? migrations, file);
      return new SqliteDatabase(raw, file, version);
    } catch (cause) {
      raw?.close();
      throw databaseError(`Cannot open database ${file}`, file, cause);
    }
  }

  /**
   * Runs the synchronous `fn` in one IMMEDIATE transaction (it takes the write lock at once, so a
   * read-then-write such as a claim cannot fail half-way because another process wrote in between)
   * in the caller's turn: a savepoint of the caller's own open transaction, else after every open
   * transaction has ended. Rolls back if `fn` throws, and rejects with its error.
   */
  write<T>(fn: () => T): Promise<T> {
    // One wrapper for all calls: better-sqlite3 builds a new one per `transaction(fn)`.
    const runner = (this.runner ??= this.raw.transaction((body: () => unknown) => body()));
    return this.transactions.turn(() => runner.immediate(fn) as T);
  }

  /** One statement (prepared once per SQL text), in the caller's turn. */
  query<R extends object>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.transactions.turn(() => {
      let statement = this.statements.get(sql);
      if (!statement) {
        statement = this.raw.prepare<unknown[], object>(sql);
        this.statements.set(sql, statement);
      }
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    });
  }

  /**
   * Runs the async `fn` in one transaction that spans its `await`s (better-sqlite3's own cannot),
   * BEGIN IMMEDIATE, or a savepoint within the caller's open transaction; see {@link Database.transaction}.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.transactions.turn(async (level) => {
      const savepoint = `jittask_savepoint_${level.depth + 1}`;
      const sql =
        level.depth === 0
          ? { begin: 'BEGIN IMMEDIATE', commit: 'COMMIT', rollback: 'ROLLBACK' }
          : { begin: `SAVEPOINT ${savepoint}`, commit: `RELEASE ${savepoint}`, rollback: `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` };
      this.control(sql.begin, 'begin a transaction');
      let result: T;
      try {
        result = await this.transactions.within(level, null, fn);
        this.control(sql.commit, 'commit a transaction');
      } catch (err) {
        if (this.raw.inTransaction) this.control(sql.rollback, 'roll back a transaction');
        throw err;
      }
      return result;
    });
  }

  isInTransaction(): boolean {
    return this.transactions.current().depth > 0;
  }

  /** See {@link Database.detach}; one call detaches from every database. */
  detach<T>(fn: () => T): T {
    return AmbientTransactions.detach(fn);
  }

  /** Closes the database; later calls do nothing. */
  async close(): Promise<void> {
    if (this.raw.open) this.raw.close();
  }

  /** A statement of the transaction's own, its failure a `DATABASE_ERROR`. */
  private control(sql: string, action: string): void {
    try {
      this.raw.exec(sql);
    } catch (cause) {
      throw databaseError(`Could not ${action} in ${this.file}`, this.file, cause);
    }
  }
}
