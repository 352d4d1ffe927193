import { types } from 'node:util';
import type pg from 'pg';
import { JitError } from '../errors/JitError';
import { AmbientTransactions, type TransactionLevel } from './AmbientTransactions';
import type { Database } from './Database';
import { databaseError } from './databaseError';
import { migratePg } from './migratePg';
import { migrations, type Migration } from './migrations';
import { PgListener } from './PgListener';
import type { PgQueryable } from './PgQueryable';
import { ReservedConnections } from './ReservedConnections';

/**
 * The `pg` driver, loaded when the first PostgreSQL database is opened: most apps run on SQLite,
 * and requiring `pg` and its dependencies cost every process tens of MB.
 */
function driver(): typeof pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg') as typeof pg;
}

/** Connections of the pool unless configured (pg's own default). */
const DEFAULT_POOL_SIZE = 10;

/**
 * Connections kept for the scheduler's own statements ({@link ReservedConnections}) beside the
 * pool. They are few and short, and mostly one after the other: a pass of the loop (claim, next
 * due time), a round of lease renewals and the heartbeat, and the ends of runs, written in groups.
 * Two let a renewal wait behind at most one of the others, never behind task code.
 */
const DEFAULT_RESERVED_POOL_SIZE = 2;

/** Options of {@link PgDatabase}. */
export interface PgDatabaseOptions {
  /** A `postgres://user:password@host:port/database` URL. */
  url: string;
  /** Connections of the pool; 10 by default. */
  poolSize?: number;
  /** Connections kept for the scheduler's own statements besides the pool ({@link ReservedConnections}); 2 by default. */
  reservedPoolSize?: number;
  /** The schema steps to bring the database to; all of jittask's by default (tests pass fewer). */
  migrations?: readonly Migration[];
}

// Their own file, so that migratePg needs no import of this one.
export type { PgQueryable, PgTransaction } from './PgQueryable';

/** A level's connection: the pool outside every transaction, the transaction's client within one. */
type PgConnection = pg.Pool | pg.PoolClient;

/**
 * A PostgreSQL database (a `pg` pool) with jittask's schema applied. Nothing connects when it is
 * constructed: the first query connects and migrates ({@link ready}), so a database element can hand
 * out its task store synchronously.
 *
 * Transactions are scoped to the async call tree that opened them (AsyncLocalStorage): within
 * {@link transaction}'s function, {@link query} runs on the transaction's connection and a nested
 * {@link transaction} joins it as a savepoint. So code that knows nothing of the caller's
 * transaction, such as the task store called from a model's hook, writes inside it and commits or
 * rolls back with it. Statements and savepoints of one transaction take turns; code in other async
 * contexts uses other pooled connections, concurrently. Work started inside a transaction that must
 * not join it (a timer that wakes a scheduler) runs through {@link PgDatabase.detach}.
 *
 * The scheduler's own statements outside transactions ({@link ReservedConnections.run}) go to a
 * second pool of {@link PgDatabaseOptions.reservedPoolSize} connections, opened when first used,
 * so a process holds at most `poolSize` + `reservedPoolSize` connections, and one more per listener.
 *
 * Failures to connect, migrate, begin or commit reject with JitError `DATABASE_ERROR` naming
 * {@link url}. A failed statement rejects with the driver's error, as `SqliteDatabase` throws
 * better-sqlite3's: the caller knows what it was doing and wraps it (see `databaseError`). BIGINT
 * columns come back as strings (pg's choice, so no precision is lost); callers parse them.
 */
export class PgDatabase implements Database, PgQueryable {
  readonly dialect = 'postgres';
  /** The URL without its password: the database's name in messages and errors. */
  readonly url: string;
  private readonly connectionString: string;
  private readonly pool: pg.Pool;
  private readonly reservedPoolSize: number;
  /** The pool of the scheduler's own statements, opened when first used. */
  private reservedPool: pg.Pool | null = null;
  private readonly transactions: AmbientTransactions<PgConnection>;
  private readonly steps: readonly Migration[];
  private opening: Promise<number> | null = null;
  private closed = false;
  /** The open listeners, so {@link close} ends them too. */
  private readonly listeners = new Set<PgListener>();

  constructor(options: PgDatabaseOptions) {
    this.connectionString = options.url;
    this.url = redactPassword(options.url);
    this.steps = options.migrations ?? migrations;
    this.pool = this.newPool(options.poolSize ?? DEFAULT_POOL_SIZE);
    this.reservedPoolSize = options.reservedPoolSize ?? DEFAULT_RESERVED_POOL_SIZE;
    this.transactions = new AmbientTransactions<PgConnection>(this.pool, false);
  }

  /** {@link url}: the database's name in messages. */
  get name(): string {
    return this.url;
  }

  /**
   * Connects and migrates, once: every caller shares the first attempt. After a failure (the
   * server not up yet) the next call tries again. Migrations hold a PostgreSQL advisory lock, so
   * processes starting together apply each step once.
   *
   * @returns The schema version.
   * @throws JitError `DATABASE_ERROR` when the server cannot be reached, a step fails, or the
   *   database was written by a newer jittask.
   */
  ready(): Promise<number> {
    this.opening ??= migratePg((fn) => this.begin(this.transactions.outside(), () => fn(this)), this.steps, this.url).catch(
      (cause: unknown) => {
        this.opening = null;
        throw databaseError(`Cannot open database ${this.url}`, this.url, cause);
      },
    );
    return this.opening;
  }

  /** See {@link Database.detach}; one call detaches from every database. */
  detach<T>(fn: () => T): T {
    return AmbientTransactions.detach(fn);
  }

  /**
   * Within an open transaction of this database, runs on its connection after the transaction's
   * other statements in progress; outside, on a pooled connection of its own (of the reserved pool
   * within {@link ReservedConnections.run}), after {@link ready}.
   */
  async query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.transactions.turn(async (level) => {
      if (level.depth === 0) await this.ready();
      const connection = level.depth === 0 ? this.outsidePool() : level.connection;
      return (await connection.query<R & pg.QueryResultRow>(sql, params === undefined ? undefined : [...params])).rows;
    });
  }

  /**
   * Runs `fn` in a transaction (READ COMMITTED) on one pooled connection, after {@link ready}, or
   * in a savepoint of the caller's open transaction (see {@link Database.transaction}).
   *
   * @throws JitError `DATABASE_ERROR` when the transaction cannot begin or commit, including a
   *   COMMIT that PostgreSQL turned into a rollback because a statement in it failed (and `fn`
   *   caught the error). When the connection failed while COMMIT was under way, the transaction may
   *   have been committed or not: that error has `details.outcome: 'unknown'` (see `isOutcomeUnknown`).
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.transactions.turn(async (level) => {
      if (level.depth > 0) return this.savepoint(level, fn);
      await this.ready();
      return this.begin(level, fn);
    });
  }

  isInTransaction(): boolean {
    return this.transactions.current().depth > 0;
  }

  /**
   * Listens on `channel` over a connection of its own, opened again while it drops (see
   * {@link PgListener}).
   *
   * @returns A function that stops listening and closes the connection ({@link close} does too).
   * @throws JitError `DATABASE_ERROR` when the first connection fails (nothing is retried then).
   */
  async listen(channel: string, onNotify: (payload: string) => void, onReconnect: () => void = () => {}): Promise<() => Promise<void>> {
    const listener = new PgListener({ driver: driver(), connectionString: this.connectionString, channel, onNotify, onReconnect });
    try {
      await listener.start();
    } catch (cause) {
      throw databaseError(`Cannot listen on ${this.url}`, this.url, cause);
    }
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  /** Stops the listeners and closes every pooled connection (the reserved ones too) once the running queries end. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
    this.listeners.clear();
    await Promise.all([this.pool.end(), this.reservedPool?.end()]);
  }

  /** A pool of `size` connections to the database. */
  private newPool(size: number): pg.Pool {
    const pool = new (driver().Pool)({ connectionString: this.connectionString, max: size });
    // An idle connection that the server drops (a restart, pg_terminate_backend) is reported here;
    // the pool has already discarded it and opens a new one on demand. Unhandled, it would crash.
    pool.on('error', () => {});
    return pool;
  }

  /** Where work outside every transaction runs: the reserved pool within {@link ReservedConnections.run}, else the pool. */
  private outsidePool(): pg.Pool {
    if (!ReservedConnections.active() || this.closed) return this.pool;
    this.reservedPool ??= this.newPool(this.reservedPoolSize);
    return this.reservedPool;
  }

  /** A new transaction on a connection of its own, without waiting for {@link ready}: what migrations run in. */
  private async begin<T>(outside: TransactionLevel<PgConnection>, fn: () => Promise<T>): Promise<T> {
    // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
    let broken: Error | undefined;
    // The pool listens for errors of idle connections only: one that dies while checked out (the
    // server restarted, pg_terminate_backend) emits 'error' here, which would crash the process.
    const onError = (err: Error): void => {
      broken = err;
    };
    const client = await checkOut(this.outsidePool(), onError);
    try {
      await this.control(client, 'BEGIN', 'begin a transaction');
      // A statement the function did not wait for must not run on the connection once it is back
      // in the pool: the level has ended before COMMIT or ROLLBACK.
      const result = await this.transactions.within(outside, client, fn);
      const commit = await this.commit(client);
      if (commit.command === 'ROLLBACK') {
        throw databaseError(
          `Could not commit a transaction in ${this.url}`,
          this.url,
          new Error('a statement in it failed, so PostgreSQL rolled it back'),
        );
      }
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Runs `fn` in a savepoint of the open transaction `parent`, in the caller's turn there. */
  private async savepoint<T>(parent: TransactionLevel<PgConnection>, fn: () => Promise<T>): Promise<T> {
    const client = parent.connection as pg.PoolClient;
    const name = `jittask_savepoint_${parent.depth + 1}`;
    await this.control(client, `SAVEPOINT ${name}`, 'begin a savepoint');
    let result: T;
    try {
      result = await this.transactions.within(parent, client, fn);
    } catch (err) {
      // Failing too (the connection is lost), it leaves the transaction aborted: its COMMIT fails.
      await client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => {});
      throw err;
    }
    await this.control(client, `RELEASE SAVEPOINT ${name}`, 'release a savepoint');
    return result;
  }

  /**
   * COMMIT. A refusal the server answered (an ERROR) rolled the transaction back. Any other failure
   * (the connection lost, a FATAL as the server shuts down) may have come after the server
   * committed: only the database can tell, so the error says the outcome is unknown.
   */
  private async commit(client: pg.PoolClient): Promise<pg.QueryResult> {
    try {
      return await client.query('COMMIT');
    } catch (cause) {
      if ((cause as { severity?: unknown } | null)?.severity === 'ERROR') {
        throw databaseError(`Could not commit a transaction in ${this.url}`, this.url, cause);
      }
      const reason = types.isNativeError(cause) ? cause.message : String(cause);
      throw new JitError(
        'DATABASE_ERROR',
        `Lost the answer to COMMIT in ${this.url} (${reason}): the transaction may or may not have been committed`,
        { file: this.url, cause, details: { outcome: 'unknown' } },
      );
    }
  }

  /** A statement of the transaction's own (BEGIN, COMMIT, a savepoint), its failure a `DATABASE_ERROR`. */
  private async control(client: pg.PoolClient, sql: string, action: string): Promise<pg.QueryResult> {
    try {
      return await client.query(sql);
    } catch (cause) {
      throw databaseError(`Could not ${action} in ${this.url}`, this.url, cause);
    }
  }
}

/** `url` with its password replaced by `***`, fit for messages and logs. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL (pg also takes a bare socket path): it has no password to hide.
    return url;
  }
}

/**
 * A connection of `pool` with `onError` listening from the moment the pool hands it over. The pool
 * stops listening then, and the message that ends a connection (pg_terminate_backend) can be
 * parsed in the same turn as the answer that freed it for this caller: a listener added after an
 * `await` would come too late, and the unhandled 'error' would end the process.
 */
function checkOut(pool: pg.Pool, onError: (err: Error) => void): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    pool.connect((err, client) => {
      if (err || !client) {
        reject(err ?? new Error('the pool gave no connection'));
        return;
      }
      client.on('error', onError);
      resolve(client);
    });
  });
}
