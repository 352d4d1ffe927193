import pg from 'pg';
import { databaseError } from './databaseError';
import { migratePg } from './migratePg';
import { migrations, type Migration } from './migrations';

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

/**
 * A PostgreSQL database (a `pg` pool) with jittask's schema applied. Nothing connects when it is
 * constructed: the first query connects and migrates ({@link ready}), so a database element can hand
 * out its task store synchronously.
 *
 * Failures to connect or migrate reject with JitError `DATABASE_ERROR` naming {@link url}. A failed
 * statement rejects with the driver's error, as `SqliteDatabase` throws better-sqlite3's: the caller
 * knows what it was doing and wraps it (see `databaseError`). BIGINT columns come back as strings
 * (pg's choice, so no precision is lost); callers parse them.
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
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? DEFAULT_POOL_SIZE });
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
    this.opening ??= migratePg((fn) => this.inTransaction(fn), this.steps, this.url).catch((cause: unknown) => {
      this.opening = null;
      throw databaseError(`Cannot open database ${this.url}`, this.url, cause);
    });
    return this.opening;
  }

  async query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    await this.ready();
    return (await this.pool.query<R & pg.QueryResultRow>(sql, params === undefined ? undefined : [...params])).rows;
  }

  /** Runs `fn` in a transaction (READ COMMITTED) on one pooled connection, after {@link ready}. */
  async transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    await this.ready();
    return this.inTransaction(fn);
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
      const next = new pg.Client({ connectionString: this.connectionString });
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
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
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

  /** {@link transaction} without waiting for {@link ready}: what migrations run in. */
  private async inTransaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
    let broken: Error | undefined;
    // The pool listens for errors of idle connections only: one that dies while checked out (the
    // server restarted, pg_terminate_backend) emits 'error' here, which would crash the process.
    const onError = (err: Error): void => { broken = err; };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R extends object>(sql: string, params?: readonly unknown[]) =>
          (await client.query<R & pg.QueryResultRow>(sql, params === undefined ? undefined : [...params])).rows,
      });
      await client.query('COMMIT');
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
