import type { DatabaseElement } from '../../databases/DatabaseElement';
import type { PgDatabase } from '../../db/PgDatabase';
import type { SqliteDatabase } from '../../db/SqliteDatabase';
import { JitError } from '../../errors/JitError';
import { taskQueriesOn } from '../queries/openTaskQueries';
import { claimDue } from './claimDue';
import { deletePending } from './deletePending';
import { DueListeners } from './dueNotices';
import { finishRuns } from './finishRuns';
import { forceEnd } from './forceEnd';
import { insertTasks } from './insertTasks';
import { recordLate } from './recordLate';
import { recordSkipped } from './recordSkipped';
import { releaseClaim } from './releaseClaim';
import { renewLeases } from './renewLeases';
import { retryRun } from './retryRun';
import { PgWriter, SqliteWriter, type StoreOperation } from './StoreOperation';
import { syncRowTasks } from './syncRowTasks';
import { templateWrites } from './templateWrites';
import type { TaskStore } from './TaskStore';
import { workerWrites } from './workerWrites';

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
    const created = createTaskStore(db);
    stores.set(db, created);
    element.beforeClose(() => created.close());
    store = created;
  }
  return store;
}

/**
 * The write path of the tasks on `db`: each operation (one module each, both dialects side by
 * side) built for its dialect. SQLite's statements are prepared here, once. PostgreSQL's store
 * also listens for the tasks other processes write.
 */
export function createTaskStore(db: PgDatabase): TaskStore & Required<Pick<TaskStore, 'listen'>>;
export function createTaskStore(db: SqliteDatabase | PgDatabase): TaskStore;
export function createTaskStore(db: SqliteDatabase | PgDatabase): TaskStore {
  if (db.dialect === 'postgres') {
    const writer = new PgWriter(db);
    const listeners = new DueListeners(db, () => taskQueriesOn(db).nextDueAt());
    return assemble((op) => op.postgres(writer), {
      inTransaction: () => db.isInTransaction(),
      listen: (onDue) => listeners.listen(onDue),
      close: () => listeners.close(),
    });
  }
  const writer = new SqliteWriter(db);
  return assemble((op) => op.sqlite(writer), {
    inTransaction: () => db.isInTransaction(),
    close: () => {
      writer.close();
      return Promise.resolve();
    },
  });
}

/** The store of the operations, each built by `build` for one dialect. */
function assemble(build: <F>(op: StoreOperation<F>) => F, connection: Pick<TaskStore, 'inTransaction' | 'listen' | 'close'>): TaskStore {
  return {
    insert: build(insertTasks),
    claimDue: build(claimDue),
    finishMany: build(finishRuns),
    recordLate: build(recordLate),
    retry: build(retryRun),
    release: build(releaseClaim),
    renewLeases: build(renewLeases),
    forceEnd: build(forceEnd),
    syncRowTasks: build(syncRowTasks),
    deletePending: build(deletePending),
    pauseTemplate: build(templateWrites.pause),
    resumeTemplate: build(templateWrites.resume),
    setTemplateFingerprint: build(templateWrites.fingerprint),
    heartbeat: build(workerWrites.heartbeat),
    removeWorker: build(workerWrites.remove),
    recordSkipped: build(recordSkipped),
    ...connection,
  };
}

function fail(element: DatabaseElement): never {
  throw new JitError('CONFIG_INVALID', `${element.fullName}: its Type opens no database to keep tasks in`, { fullName: element.fullName });
}
