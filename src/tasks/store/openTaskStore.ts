import type { DatabaseElement } from '../../databases/DatabaseElement';
import { JitError } from '../../errors/JitError';
import { PgTaskStore } from './PgTaskStore';
import { SqliteTaskStore } from './SqliteTaskStore';
import type { TaskStore } from './TaskStore';

/** One store per open database: the engine, the dashboard and model hooks share its transactions and listeners. */
const stores = new WeakMap<object, TaskStore>();

/**
 * The task store on `element`'s database, chosen by its dialect and opened on first use; it is
 * closed (its listeners stopped) when the element unloads, before the database closes.
 *
 * @throws JitError `CONFIG_INVALID` when the element opens no database or its config is invalid.
 */
export function openTaskStore(element: DatabaseElement): TaskStore {
  const db = element.connection() ?? fail(element);
  let store = stores.get(db);
  if (!store) {
    const created = db.dialect === 'postgres' ? new PgTaskStore(db) : new SqliteTaskStore(db);
    stores.set(db, created);
    element.beforeClose(() => created.close());
    store = created;
  }
  return store;
}

function fail(element: DatabaseElement): never {
  throw new JitError('CONFIG_INVALID', `${element.fullName}: its Type opens no database to keep tasks in`, { fullName: element.fullName });
}
