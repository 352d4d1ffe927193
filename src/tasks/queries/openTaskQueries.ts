import type { Database } from '../../db/Database';
import type { DatabaseElement } from '../../databases/DatabaseElement';
import { JitError } from '../../errors/JitError';
import { postgresQueryProfile, sqliteQueryProfile } from './TaskQueryProfile';
import { TaskQueries } from './TaskQueries';

/** One read model per open database: it holds nothing but the database and its dialect's profile. */
const opened = new WeakMap<Database, TaskQueries>();

/**
 * The read model of the tasks on `element`'s database, opened on first use. It holds nothing to
 * release: its statements are the database's.
 *
 * @throws JitError `CONFIG_INVALID` when the element opens no database or its config is invalid.
 */
export function openTaskQueries(element: DatabaseElement): TaskQueries {
  const db = element.connection();
  if (!db) {
    throw new JitError('CONFIG_INVALID', `${element.fullName}: its Type opens no database to keep tasks in`, {
      fullName: element.fullName,
    });
  }
  let queries = opened.get(db);
  if (!queries) {
    queries = taskQueriesOn(db);
    opened.set(db, queries);
  }
  return queries;
}

/** The read model of the tasks on `db`, in the SQL its dialect calls for. */
export function taskQueriesOn(db: Database): TaskQueries {
  return new TaskQueries(db, db.dialect === 'postgres' ? postgresQueryProfile : sqliteQueryProfile);
}
