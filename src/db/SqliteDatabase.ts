import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Statement } from 'better-sqlite3';
import { JitError } from '../errors/JitError';
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

/** Which file a path names: a file removed, or replaced by another, has another identity (or none). */
interface FileIdentity {
  dev: number;
  ino: number;
}

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
    /** The absolute path of the file and the file's identity when it was opened; null in memory. */
    private readonly opened: { path: string; identity: FileIdentity } | null,
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
      const opened = inMemory || file === '' ? null : { path: resolve(file), identity: identityOf(statSync(resolve(file))) };
      return new SqliteDatabase(raw, file, version, opened);
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
    return this.transactions.turn(() => {
      // Within the caller's open transaction this is a savepoint: that transaction checks at its commit.
      if (!this.raw.inTransaction) this.assertIntact();
      return runner.immediate(fn) as T;
    });
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
      if (!this.raw.inTransaction) this.assertIntact();
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
        // Checked at the commit, not the begin: the file may go while the transaction awaits.
        if (level.depth === 0) this.assertIntact();
        this.control(sql.commit, 'commit a transaction');
      } catch (err) {
        if (this.raw.inTransaction) this.control(sql.rollback, 'roll back a transaction');
        throw err;
      }
      return result;
    });
  }

  /**
   * Throws when the file this database was opened from is no longer at its path: removed, or
   * replaced by another file (another device or inode). The connection would go on writing into the
   * file it holds open, which nothing will ever read again, so every write transaction checks this
   * first and is refused. The check is one `stat` of the path, a few µs per write transaction (not
   * per row: the scheduler writes in groups); reads do not check. Readiness asks it too. A file
   * moved away and back is the same file, and is written to again.
   *
   * @throws JitError `DATABASE_ERROR` naming the file and what became of it.
   */
  assertIntact(): void {
    if (this.opened === null) return;
    let now: FileIdentity | undefined;
    try {
      const stat = statSync(this.opened.path, { throwIfNoEntry: false });
      now = stat && identityOf(stat);
    } catch (cause) {
      throw databaseError(`Cannot check database file ${this.file}`, this.file, cause);
    }
    const { identity } = this.opened;
    if (now?.dev === identity.dev && now.ino === identity.ino) return;
    const what = now
      ? `was replaced by another file (device ${now.dev}, inode ${now.ino}; it was opened as device ${identity.dev}, inode ${identity.ino})`
      : 'was removed';
    throw new JitError(
      'DATABASE_ERROR',
      `Database file ${this.file} ${what} while this process had it open: writes are refused, since they would be lost. ` +
        'Put the file back, or restart the process to open what is at the path now',
      { file: this.file },
    );
  }

  isInTransaction(): boolean {
    return this.transactions.current().depth > 0;
  }

  /** See {@link Database.detach}; one call detaches from every database. */
  detach<T>(fn: () => T): T {
    return AmbientTransactions.detach(fn);
  }

  /** Closes the database; later calls do nothing. */
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that a refused close (the connection busy) rejects, as Database.close promises, rather than throws
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

function identityOf(stat: { dev: number; ino: number }): FileIdentity {
  return { dev: stat.dev, ino: stat.ino };
}
