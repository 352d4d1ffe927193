import type Database from 'better-sqlite3';
import { JitError } from '../errors/JitError';
import { databaseError } from './databaseError';
import type { Migration } from './migrations';

/**
 * Brings an SQLite database up to the last of `steps` and returns the schema version it is at.
 *
 * Each missing step runs in its own immediate transaction together with its row in
 * `jittask_schema_version`, so a failed step leaves the database at the previous version, and two
 * processes opening one file at once apply a step once (the second finds it recorded). Existing
 * tables are changed in place, never recreated: their rows survive an upgrade.
 *
 * @param steps - The known steps, oldest first, versions increasing.
 * @param file - The database file, for error messages.
 * @throws JitError `DATABASE_ERROR` when the database was written by a newer jittask (a version
 *   beyond the last step) or a step fails.
 */
export function migrate(raw: Database.Database, steps: readonly Migration[], file: string): number {
  raw.exec(`CREATE TABLE IF NOT EXISTS jittask_schema_version (
    version    INTEGER PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = raw.prepare<[], number | null>('SELECT MAX(version) FROM jittask_schema_version').pluck();
  refuseNewerSchema(current.get() ?? 0, steps, file);

  const isApplied = raw.prepare<[number], number>('SELECT 1 FROM jittask_schema_version WHERE version = ?').pluck();
  const record = raw.prepare<[number, string, number]>('INSERT INTO jittask_schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const step of steps) {
    const apply = raw.transaction(() => {
      if (isApplied.get(step.version) !== undefined) return;
      raw.exec(step.sql.sqlite);
      record.run(step.version, step.name, Date.now());
    });
    try {
      apply.immediate();
    } catch (cause) {
      throw databaseError(`Database ${file}: migration ${step.version} (${step.name}) failed`, file, cause);
    }
  }
  return current.get() ?? 0;
}

/**
 * Refuses a database whose schema version `found` is beyond the last of `steps`: it was written by
 * a newer jittask, whose tables this one would misread. Shared by every dialect's migration.
 *
 * @param file - The database file or URL, for the message.
 * @throws JitError `DATABASE_ERROR` with `details: { version, known }`.
 */
export function refuseNewerSchema(found: number, steps: readonly Migration[], file: string): void {
  const known = steps.at(-1)?.version ?? 0;
  if (found <= known) return;
  throw new JitError(
    'DATABASE_ERROR',
    `Database ${file} has schema version ${found}, newer than the ${known} this jittask knows: upgrade jittask`,
    { file, details: { version: found, known } },
  );
}
