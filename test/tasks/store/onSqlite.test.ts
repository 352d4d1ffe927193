import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteDatabase } from '../../../src/db/SqliteDatabase';
import { createTaskStore } from '../../../src/tasks/store/openTaskStore';
import { taskQueriesOn } from '../../../src/tasks/queries/openTaskQueries';
import { taskStoreContract } from './taskStoreContract';

describe('the task store and read model on SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-store-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Lease time lapsed since the store was opened: SQLite judges leases by the caller's `now`. */
  let lapsed = 0;
  taskStoreContract({
    async open() {
      lapsed = 0;
      const file = path.join(dir, 'appData', 'jittask.db');
      const db = SqliteDatabase.open(file);
      const store = createTaskStore(db);
      return {
        store,
        queries: taskQueriesOn(db),
        location: file,
        async close() {
          await store.close();
          db.close();
        },
      };
    },
    closedReason: /The database connection is not open$/,
    leaseClock: 'caller',
    async lapse(_opened, ms) {
      lapsed += ms;
      return lapsed;
    },
  });
});
