import type { App } from '../runtime/App';
import { ElementBase } from '../runtime/ElementBase';
import type { TaskStore } from '../tasks/store/TaskStore';

/**
 * The class of the `databases` family (the module of `databases.Meta`): a database an app stores
 * its tasks and models in. Each Type opens its own kind of database.
 */
export class DatabaseElement extends ElementBase {
  /** The fullName of the app's default database: `settings.defaultDatabase`, else `databases.Default`. */
  static defaultName(app: App): string {
    return typeof app.settings.defaultDatabase === 'string' ? app.settings.defaultDatabase : 'databases.Default';
  }

  /** The task store on this database, opened on first use. */
  taskStore(): TaskStore {
    throw new Error(`${this.fullName}: its Type does not provide a task store`);
  }
}
