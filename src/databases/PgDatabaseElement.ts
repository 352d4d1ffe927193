import { PgDatabase } from '../db/PgDatabase';
import { JitError } from '../errors/JitError';
import { DatabaseElement } from './DatabaseElement';

/** The keys `config` may hold: a typo must not pass silently. */
const CONFIG_KEYS = ['url', 'poolSize'];

/**
 * `databases.PgSqlType`: a PostgreSQL database, `config: { url, poolSize? }` (`url` usually
 * `"{{DATABASE_URL}}"`; `poolSize` the connections of its pool, 10 by default, a number or a
 * string of digits as a placeholder gives). Nothing connects until the database is first used.
 */
export class PgDatabaseElement extends DatabaseElement {
  private db: PgDatabase | null = null;

  /**
   * The database (created on first use; it connects and migrates on its first query).
   *
   * @throws JitError `CONFIG_INVALID` when `config` has no `url`, a `poolSize` that is not a
   *   positive integer, or an unknown key.
   */
  get database(): PgDatabase {
    this.db ??= new PgDatabase(this.readConfig());
    return this.db;
  }

  override connection(): PgDatabase {
    return this.database;
  }

  override async onUnload(): Promise<void> {
    await this.runClosers();
    await this.db?.close();
    this.db = null;
  }

  private readConfig(): { url: string; poolSize?: number } {
    const invalid = (message: string): JitError =>
      new JitError('CONFIG_INVALID', `${this.fullName}: config.${message}`, { fullName: this.fullName });
    const unknown = Object.keys(this.config).filter((key) => !CONFIG_KEYS.includes(key));
    if (unknown.length > 0) throw invalid(`${unknown.join(', ')}: unknown key (known: ${CONFIG_KEYS.join(', ')})`);

    const { url, poolSize } = this.config;
    if (typeof url !== 'string' || url.trim() === '') throw invalid('url: must be a postgres:// URL');
    if (poolSize === undefined) return { url };
    const size = typeof poolSize === 'string' && /^\d+$/.test(poolSize) ? Number(poolSize) : poolSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw invalid('poolSize: must be a positive integer');
    return { url, poolSize: size };
  }
}
