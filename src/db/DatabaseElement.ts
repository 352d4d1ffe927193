import { ElementBase } from '../runtime/ElementBase';
import type { TaskStore } from '../tasks/store/TaskStore';

/**
 * The class of the `databases` family (the module of `databases.Meta`): a database an app stores
 * its tasks and models in. Each Type opens its own kind of database.
 */
export class DatabaseElement extends ElementBase {
  /** The task store on this database, opened on first use. */
  taskStore(): TaskStore {
    throw new Error(`${this.fullName}: its Type does not provide a task store`);
  }
}
