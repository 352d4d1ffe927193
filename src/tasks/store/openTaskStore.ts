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
  const opened = element.connection() ?? fail(element);
  let store = stores.get(opened.database);
  if (!store) {
    const created = opened.dialect === 'postgres' ? new PgTaskStore(opened.database) : new SqliteTaskStore(opened.database);
    stores.set(opened.database, created);
    element.beforeClose(() => created.close());
    store = created;
  }
  return store;
}

function fail(element: DatabaseElement): never {
  throw new JitError('CONFIG_INVALID', `${element.fullName}: its Type opens no database to keep tasks in`, { fullName: element.fullName });
}
