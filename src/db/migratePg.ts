import { databaseError } from './databaseError';
import { refuseNewerSchema } from './migrate';
import type { Migration } from './migrations';
import type { PgTransaction } from './PgQueryable';

/**
 * Key of the advisory lock held while migrating ("jitt" in ASCII). Advisory locks are per
 * database, so apps on different databases of one server do not wait for each other.
 */
const MIGRATION_LOCK = 0x6a697474;

/**
 * Brings a PostgreSQL database up to the last of `steps` and returns the schema version it is at:
 * the same `jittask_schema_version` table and version numbers as SQLite (see `migrate`).
 *
 * Everything happens in one transaction holding `pg_advisory_xact_lock`, so processes starting
 * together take turns: the first applies the missing steps, the others find them recorded.
 * PostgreSQL's DDL is transactional, so a failed step leaves the database exactly as it was.
 *
 * @param transaction - Runs a function in a transaction (without waiting for migrations).
 * @param url - The database's URL without password, for error messages.
 * @throws JitError `DATABASE_ERROR` when the database was written by a newer jittask or a step fails.
 */
export async function migratePg(transaction: PgTransaction, steps: readonly Migration[], url: string): Promise<number> {
  return transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS jittask_schema_version (
      version    INTEGER PRIMARY KEY NOT NULL,
      name       TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM jittask_schema_version')).map((row) => row.version));
    refuseNewerSchema(Math.max(0, ...applied), steps, url);

    for (const step of steps) {
      if (applied.has(step.version)) continue;
      try {
        await tx.query(step.sql.postgres);
        await tx.query('INSERT INTO jittask_schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [
          step.version,
          step.name,
          Date.now(),
        ]);
      } catch (cause) {
        throw databaseError(`Database ${url}: migration ${step.version} (${step.name}) failed`, url, cause);
      }
      applied.add(step.version);
    }
    return Math.max(0, ...applied);
  });
}
