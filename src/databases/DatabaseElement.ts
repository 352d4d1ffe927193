import type { PgDatabase } from '../db/PgDatabase';
import type { SqliteDatabase } from '../db/SqliteDatabase';
import type { App } from '../runtime/App';
import { ElementBase } from '../runtime/ElementBase';

/**
 * The class of the `databases` family (the module of `databases.Meta`): a database an app stores
 * its tasks and models in. Each Type opens its own kind of database; what is stored in it (task
 * stores, model tables) is chosen by its dialect, above this class, so a database knows nothing of
 * tasks or models.
 */
export class DatabaseElement extends ElementBase {
  /** Run before the database closes, newest first: what was opened on it lets go first. */
  private readonly closers: Array<() => void | Promise<void>> = [];

  /** The fullName of the app's default database: `settings.defaultDatabase`, else `databases.Default`. */
  static defaultName(app: App): string {
    return typeof app.settings.defaultDatabase === 'string' ? app.settings.defaultDatabase : 'databases.Default';
  }

  /**
   * The open database (opened on first use), whose `dialect` tells its kind; null when the
   * element's Type opens none (`databases.Meta` itself).
   *
   * @throws JitError `CONFIG_INVALID` when the element's config is invalid.
   */
  connection(): SqliteDatabase | PgDatabase | null {
    return null;
  }

  /** Registers `fn` to run when the element unloads, before its database closes (a task store's listeners stop there). */
  beforeClose(fn: () => void | Promise<void>): void {
    this.closers.push(fn);
  }

  /** Runs the {@link beforeClose} callbacks, newest first, then forgets them: subclasses call it before closing. */
  protected async runClosers(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    for (const close of closers) await close();
  }
}
