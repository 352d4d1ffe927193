import { DatabaseElement } from '../databases/DatabaseElement';
import type { Database } from '../db/Database';
import { JitError } from '../errors/JitError';
import type { ModelField } from './ModelField';
import type { ModelTable } from './ModelTable';
import { postgresProfile, sqliteProfile } from './ModelTableProfile';
import { SqlModelTable } from './SqlModelTable';

/** What a model's table is opened from: the model and the element its `db` names. */
export interface ModelTableSpec {
  /** The model's fullName. */
  model: string;
  /** The fullName its `db` names, for the message when it is not a database. */
  databaseName: string;
  /** The element `databaseName` resolves to. */
  database: unknown;
  tableName: string;
  fields: readonly ModelField[];
  timezone: string;
}

/**
 * The table of a model on its database, written in the SQL the database's dialect calls for.
 *
 * @throws JitError `CONFIG_INVALID` when `database` is not a database element that opens a database.
 */
export function openModelTable(spec: ModelTableSpec): ModelTable {
  const database = databaseOf(spec);
  const profile = database.dialect === 'postgres' ? postgresProfile : sqliteProfile;
  return new SqlModelTable(database, profile, spec.model, spec.tableName, spec.fields, spec.timezone);
}

function databaseOf(spec: ModelTableSpec): Database {
  const opened = spec.database instanceof DatabaseElement ? spec.database.connection() : null;
  if (opened) return opened;
  throw new JitError(
    'CONFIG_INVALID',
    `${spec.model}: db '${spec.databaseName}' is not a database instance (of databases.SqliteType or databases.PgSqlType)`,
    { fullName: spec.model },
  );
}
