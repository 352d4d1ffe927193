import type { StoreOperation } from './StoreOperation';
import { storeSql } from './storeSql';
import type { TaskStore } from './TaskStore';

/** `recordSkipped`: an occurrence that was not run (a misfire), written to the history of a task id. */
export const recordSkipped: StoreOperation<TaskStore['recordSkipped']> = {
  sqlite(c) {
    const history = c.prepare(storeSql.sqliteHistory);
    return (entry) =>
      c.write('record a skipped occurrence', () => {
        history.run(entry.taskId, entry.attempt, 'skipped', entry.at, entry.workerId, entry.message);
      });
  },

  postgres(c) {
    return (entry) =>
      c.run('record a skipped occurrence', async (db) => {
        await db.query(storeSql.postgresHistory, [entry.taskId, entry.attempt, 'skipped', entry.at, entry.workerId, entry.message]);
      });
  },
};
