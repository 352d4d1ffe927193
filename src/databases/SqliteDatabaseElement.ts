import * as path from 'node:path';
import { SqliteDatabase } from '../db/SqliteDatabase';
import { DatabaseElement } from './DatabaseElement';

/**
 * `databases.SqliteType`: an embedded SQLite file under `<appData>/databases/<Name>/` (Name is the
 * element's last name segment), or `config.file` (relative to that folder, or `:memory:`).
 */
export class SqliteDatabaseElement extends DatabaseElement {
  private db: SqliteDatabase | null = null;

  /** The path of the database file, or `:memory:`. */
  get file(): string {
    const configured = typeof this.config.file === 'string' ? this.config.file : 'data.db';
    if (configured === ':memory:') return configured;
    const name = this.fullName.split('.').pop() ?? 'Default';
    return path.resolve(this.app.dataDir, 'databases', name, configured);
  }

  /** The open database (opened and migrated on first use). */
  get database(): SqliteDatabase {
    this.db ??= SqliteDatabase.open(this.file);
    return this.db;
  }

  override connection(): SqliteDatabase {
    return this.database;
  }

  override async onUnload(): Promise<void> {
    await this.runClosers();
    await this.db?.close();
    this.db = null;
  }
}
