import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { databaseError } from './databaseError';
import { migratePg } from './migratePg';
import { migrations, type Migration } from './migrations';
import { takeTurn } from './takeTurn';

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

/** First and longest wait before a dropped listener connection is opened again. */
const LISTEN_RETRY_MIN_MS = 100;
const LISTEN_RETRY_MAX_MS = 5000;

/** Options of {@link PgDatabase}. */
export interface PgDatabaseOptions {
  /** A `postgres://user:password@host:port/database` URL. */
  url: string;
  /** Connections of the pool; 10 by default. */
  poolSize?: number;
  /** The schema steps to bring the database to; all of jittask's by default (tests pass fewer). */
  migrations?: readonly Migration[];
}

/** What runs SQL: the database itself, or the one connection of a transaction. */
export interface PgQueryable {
  /** Runs one statement (or, without `params`, several separated by `;`) and returns its rows. */
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Runs `fn` in a transaction on one connection: committed if it resolves, rolled back if it throws. */
export type PgTransaction = <T>(fn: (tx: PgQueryable) => Promise<T>) => Promise<T>;

/** One level of an open transaction: the transaction itself (depth 1) or a savepoint in it (2+). */
interface Level {
  /** The connection the transaction holds. */
  client: pg.PoolClient;
  depth: number;
  /** Settles when the last statement or savepoint queued on this level has finished. */
  tail: Promise<void>;
  /** False once this level has ended. */
  open: boolean;
  /** The level this one was opened in (null for the transaction itself). */
  parent: Level | null;
}

/** The transaction levels the current async call tree runs inside, per database. */
const scope = new AsyncLocalStorage<ReadonlyMap<PgDatabase, Level>>();

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
 * Failures to connect, migrate, begin or commit reject with JitError `DATABASE_ERROR` naming
 * {@link url}. A failed statement rejects with the driver's error, as `SqliteDatabase` throws
 * better-sqlite3's: the caller knows what it was doing and wraps it (see `databaseError`). BIGINT
 * columns come back as strings (pg's choice, so no precision is lost); callers parse them.
 */
export class PgDatabase implements PgQueryable {
  /** The URL without its password: the database's name in messages and errors. */
  readonly url: string;
  private readonly connectionString: string;
  private readonly pool: pg.Pool;
  private readonly steps: readonly Migration[];
  private opening: Promise<number> | null = null;
  private closed = false;
  /** The stop functions of the open listeners, so {@link close} ends them too. */
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(options: PgDatabaseOptions) {
    this.connectionString = options.url;
    this.url = redactPassword(options.url);
    this.steps = options.migrations ?? migrations;
    this.pool = new (driver().Pool)({ connectionString: options.url, max: options.poolSize ?? DEFAULT_POOL_SIZE });
    // An idle connection that the server drops (a restart, pg_terminate_backend) is reported here;
    // the pool has already discarded it and opens a new one on demand. Unhandled, it would crash.
    this.pool.on('error', () => {});
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
    this.opening ??= migratePg((fn) => this.begin(fn), this.steps, this.url).catch((cause: unknown) => {
      this.opening = null;
      throw databaseError(`Cannot open database ${this.url}`, this.url, cause);
    });
    return this.opening;
  }

  /**
   * Runs `fn` with the current async call tree outside every open transaction of every database:
   * what it queries runs on a connection of its own. For work that is started from inside a
   * transaction but must not join it, such as a timer set by a model's hook that wakes the scheduler.
   */
  static detach<T>(fn: () => T): T {
    return scope.exit(fn);
  }

  /** Within an open transaction of this database, runs on its connection (see the class). */
  async query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const level = this.openLevel();
    if (level) return this.queryAt<R>(level, sql, params);
    await this.ready();
    return (await this.pool.query<R & pg.QueryResultRow>(sql, params === undefined ? undefined : [...params])).rows;
  }

  /**
   * Runs `fn` in a transaction (READ COMMITTED) on one pooled connection, after {@link ready}.
   * Called within an open transaction of this database, joins it instead: `fn` runs in a savepoint,
   * released when it resolves and rolled back to when it throws (the rest of the transaction goes
   * on), after the transaction's other statements and savepoints in progress.
   *
   * @throws JitError `DATABASE_ERROR` when the transaction cannot begin or commit, including a
   *   COMMIT that PostgreSQL turned into a rollback because a statement in it failed (and `fn`
   *   caught the error).
   */
  async transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const level = this.openLevel();
    if (level) return this.savepoint(level, fn);
    await this.ready();
    return this.begin(fn);
  }

  /** True when called within an open transaction of this database: its queries join that transaction. */
  isInTransaction(): boolean {
    return this.openLevel() !== null;
  }

  /**
   * Calls `onNotify` with the payload of every `NOTIFY` on `channel`, over a connection of its own
   * (outside the pool, which it would hold forever). When that connection drops, it is opened again
   * after 0.1 s, doubling up to 5 s while it fails; `onReconnect` is then called, since
   * notifications sent meanwhile were lost. Callbacks must not throw.
   *
   * @returns A function that stops listening and closes the connection ({@link close} does too).
   * @throws JitError `DATABASE_ERROR` when the first connection fails (nothing is retried then).
   */
  async listen(channel: string, onNotify: (payload: string) => void, onReconnect: () => void = () => {}): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let retryTimer: NodeJS.Timeout | null = null;
    let retryMs = LISTEN_RETRY_MIN_MS;
    let stopped = false;

    const connect = async (): Promise<void> => {
      const next = new (driver().Client)({ connectionString: this.connectionString });
      client = next;
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      // 'end' follows every error that breaks the connection; reconnecting starts there.
      next.on('error', () => {});
      next.on('end', () => {
        if (client === next) reconnectLater();
      });
      await next.connect();
      await next.query(`LISTEN ${driver().escapeIdentifier(channel)}`);
    };
    // Called by a lost connection's 'end' and by a failed reconnect, in either order: the first
    // call schedules the attempt, and detaching the client makes a late 'end' a no-op.
    const reconnectLater = (): void => {
      client = null;
      if (stopped || retryTimer) return;
      const delay = retryMs;
      retryMs = Math.min(retryMs * 2, LISTEN_RETRY_MAX_MS);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect().then(() => {
          retryMs = LISTEN_RETRY_MIN_MS;
          if (!stopped) onReconnect();
        }, reconnectLater);
      }, delay);
    };
    const stop = async (): Promise<void> => {
      stopped = true;
      this.listeners.delete(stop);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    };

    try {
      await connect();
    } catch (cause) {
      await stop();
      throw databaseError(`Cannot listen on ${this.url}`, this.url, cause);
    }
    this.listeners.add(stop);
    return stop;
  }

  /** Stops the listeners and closes every pooled connection once the running queries end; later
   *  calls do nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((stop) => stop()));
    await this.pool.end();
  }

  /** A new transaction, without waiting for {@link ready}: what migrations run in. */
  private async begin<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
    let broken: Error | undefined;
    // The pool listens for errors of idle connections only: one that dies while checked out (the
    // server restarted, pg_terminate_backend) emits 'error' here, which would crash the process.
    const onError = (err: Error): void => { broken = err; };
    client.on('error', onError);
    const level: Level = { client, depth: 1, tail: Promise.resolve(), open: true, parent: null };
    try {
      await this.control(client, 'BEGIN', 'begin a transaction');
      let result: T;
      try {
        result = await this.within(level, fn);
      } finally {
        // Before COMMIT or ROLLBACK: a statement the function did not wait for must not run on the
        // connection once it is back in the pool.
        level.open = false;
      }
      const commit = await this.control(client, 'COMMIT', 'commit a transaction');
      if (commit.command === 'ROLLBACK') {
        throw databaseError(`Could not commit a transaction in ${this.url}`, this.url, new Error('a statement in it failed, so PostgreSQL rolled it back'));
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

  /** Runs `fn` in a savepoint of the open `parent` level, once the level's earlier work is done. */
  private async savepoint<T>(parent: Level, fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const release = await takeTurn(parent);
    try {
      // The transaction ended while this waited (its function did not wait for this call).
      if (!isOpen(parent)) return await this.transaction(fn);
      const level: Level = { client: parent.client, depth: parent.depth + 1, tail: Promise.resolve(), open: true, parent };
      const name = `jittask_savepoint_${level.depth}`;
      await this.control(level.client, `SAVEPOINT ${name}`, 'begin a savepoint');
      try {
        const result = await this.within(level, fn);
        level.open = false;
        await this.control(level.client, `RELEASE SAVEPOINT ${name}`, 'release a savepoint');
        return result;
      } catch (err) {
        level.open = false;
        // Failing too (the connection is lost), it leaves the transaction aborted: its COMMIT fails.
        await level.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => {});
        throw err;
      }
    } finally {
      release();
    }
  }

  /** Runs `fn` as code inside `level`: its queries and transactions join it. */
  private within<T>(level: Level, fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const tx: PgQueryable = { query: <R extends object>(sql: string, params?: readonly unknown[]) => this.queryAt<R>(level, sql, params) };
    return scope.run(new Map(scope.getStore()).set(this, level), () => fn(tx));
  }

  /** Runs one statement on `level`'s connection in its turn. */
  private async queryAt<R extends object>(level: Level, sql: string, params?: readonly unknown[]): Promise<R[]> {
    const release = await takeTurn(level);
    try {
      // The level ended while this waited (its code did not wait for this call): run where the caller now is.
      if (!isOpen(level)) return await this.query<R>(sql, params);
      return (await level.client.query<R & pg.QueryResultRow>(sql, params === undefined ? undefined : [...params])).rows;
    } finally {
      release();
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

  /** The innermost open level of the caller on this database, or null outside any transaction. */
  private openLevel(): Level | null {
    let level = scope.getStore()?.get(this) ?? null;
    while (level && !isOpen(level)) level = level.parent;
    return level;
  }
}

/** True while `level` and every level it was opened in are open. */
function isOpen(level: Level): boolean {
  for (let l: Level | null = level; l; l = l.parent) if (!l.open) return false;
  return true;
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
