import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
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
 * An open SQLite database (better-sqlite3) with jittask's schema applied. Synchronous underneath:
 * callers that expose promises wrap it.
 */
export class SqliteDatabase {
  private constructor(
    /** The better-sqlite3 handle, for preparing statements. */
    readonly raw: Database.Database,
    /** The path it was opened with, or `:memory:`. */
    readonly file: string,
    /** The schema version after migrating. */
    readonly schemaVersion: number,
  ) {}

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
    let raw: Database.Database | undefined;
    try {
      const inMemory = file === ':memory:';
      if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
      raw = new Database(file);
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
   * Runs `fn` in a transaction and returns its result; rolls back if it throws. The transaction is
   * IMMEDIATE (takes the write lock at once), so a read-then-write such as a claim cannot fail
   * half-way because another process wrote in between. Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    // One wrapper for all calls: better-sqlite3 builds a new one per `transaction(fn)`.
    this.runner ??= this.raw.transaction((body: () => unknown) => body());
    return this.runner.immediate(fn) as T;
  }

  private runner: ReturnType<Database.Database['transaction']> | undefined;

  /** Closes the database; later calls do nothing. */
  close(): void {
    if (this.raw.open) this.raw.close();
  }
}
