import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PgDatabase } from '../../../src/db/PgDatabase';
import { SqliteDatabase } from '../../../src/db/SqliteDatabase';
import { PgTaskStore } from '../../../src/tasks/store/PgTaskStore';
import { SqliteTaskStore } from '../../../src/tasks/store/SqliteTaskStore';
import type { NewTask } from '../../../src/tasks/TaskRecord';
import type { TaskStore } from '../../../src/tasks/store/TaskStore';
import { describePg } from '../../support/pg';

const T0 = Date.UTC(2024, 2, 1, 9);

function task(taskId: string, dueAt: number): NewTask {
  return {
    taskId, fullName: 'tasks.DailySync', taskType: 'tasks.NormalType', funcName: 'services.DataSyncSvc.syncUserData',
    argDict: {}, dueAt, origin: 'manual', createdAt: T0,
  };
}

/** A due time that is not a finite safe integer is refused before anything of its batch is written. */
function refusesBadDueTimes(open: () => Promise<{ store: TaskStore; close(): Promise<void> }>): void {
  test.each([
    ['Infinity (a huge backoff)', Infinity],
    ['NaN', NaN],
    ['a fraction of a millisecond', T0 + 0.5],
    ['beyond the safe integers', 2 ** 53],
  ])('a task due at %s is refused with API_PARAMS_ERROR, and nothing of its batch is written', async (_case, dueAt) => {
    const { store, close } = await open();
    try {
      await expect(store.insert([task('fine', T0), task('bad', dueAt)])).rejects.toMatchObject({
        code: 'API_PARAMS_ERROR', message: expect.stringContaining('Task bad of tasks.DailySync: dueAt must be'),
      });
      expect(await store.countByStatus()).toEqual({});
      // The store still works afterwards, and can list what it holds.
      await store.insert([task('fine', T0)]);
      expect((await store.list({})).map((row) => row.dueAt)).toEqual([T0]);
    } finally {
      await close();
    }
  });
}

describe('SqliteTaskStore due times', () => {
  refusesBadDueTimes(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-due-'));
    const db = SqliteDatabase.open(path.join(dir, 'jittask.db'));
    const store = new SqliteTaskStore(db);
    return {
      store,
      async close() {
        await store.close();
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describePg('PgTaskStore due times', ({ create }) => {
  refusesBadDueTimes(async () => {
    const db = new PgDatabase({ url: await create() });
    const store = new PgTaskStore(db);
    return {
      store,
      async close() {
        await store.close();
        await db.close();
      },
    };
  });
});
