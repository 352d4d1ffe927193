import { JitError, loadApp, type App, type DatabaseElement, type ModelElement, type ModelRowChange } from 'jittask';
import type { NewTask } from '../../src/tasks/TaskRecord';
import { openTaskQueries } from '../../src/tasks/queries/openTaskQueries';
import { openTaskStore } from '../../src/tasks/store/openTaskStore';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg, runSql } from '../support/pg';
import { modelContract } from './modelContract';
import { onPostgres, queryPg } from './onPostgres';
import { tempDataDir } from './writeModelApp';
import { rowsOf } from './rowsOf';

/** A gate a hook waits at, holding its write's transaction open until the test opens it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Settles after `promise` has had a good chance to settle, and says whether it did. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  // Round trips to the server, not timers of the app: a few queries' worth of waiting.
  for (let i = 0; i < 20 && !settled; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return settled;
}

describePg('models on PostgreSQL (databases.PgSqlType)', ({ url }) => {
  const load = (dir: string, databaseUrl = url): Promise<App> =>
    loadApp(onPostgres(dir), { env: { ...process.env, DATABASE_URL: databaseUrl }, dataDir: tempDataDir() });
  beforeEach(async () => {
    // Every test starts on an empty database: models' tables, the registry and jittask's own tables.
    await runSql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });

  describe('the model contract', () => {
    modelContract({
      load: (dir) => load(dir),
      columns: async (table) =>
        (
          await queryPg<{ column_name: string }>(
            url,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            [table],
          )
        ).map((row) => row.column_name),
      exec: (sql) => runSql(url, sql),
    });
  });

  describe('several processes on one database', () => {
    const apps: App[] = [];
    /** Starts `count` processes of the model-app on the database (apps with pools of their own). */
    const processes = async (count: number): Promise<App[]> => {
      const started = await Promise.all(Array.from({ length: count }, () => load(fixtureDir('model-app'))));
      apps.push(...started);
      return started;
    };
    const meetingsOf = (app: App): ModelElement => app.getElement<ModelElement>('models.Meeting');
    const roomsOf = (app: App): ModelElement => app.getElement<ModelElement>('models.Room');
    afterEach(async () => {
      jest.restoreAllMocks();
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    test('starting together, they create each table once, none failing', async () => {
      const started = await processes(4);
      await expect(Promise.all(started.map((app) => rowsOf(meetingsOf(app).query())))).resolves.toEqual([[], [], [], []]);
      const fields = await queryPg<{ field: string }>(
        url,
        "SELECT field FROM jittask_model_fields WHERE table_name = 'm_models_Meeting' ORDER BY seq",
      );
      expect(fields.map((f) => f.field)).toEqual(['title', 'startTime', 'day', 'status', 'attendees', 'notes']);
    });

    test('a task a hook writes is seen by other processes only once the row commits, and never if it rolls back', async () => {
      const [writer, other] = await processes(2);
      const store = openTaskStore(writer!.getElement<DatabaseElement>('databases.Default'));
      const otherQueries = openTaskQueries(other!.getElement<DatabaseElement>('databases.Default'));
      const written = gate();
      const held = gate();
      jest.spyOn(meetingsOf(writer!), 'afterSave').mockImplementation(async (rowObj: ModelRowChange) => {
        const task: NewTask = {
          taskId: `reminder-${String(rowObj.postData?.title)}`,
          fullName: 'tasks.MeetingReminder',
          taskType: 'tasks.DateFieldType',
          funcName: 'services.MeetingSvc.notify',
          argDict: {},
          dueAt: Date.UTC(2024, 4, 1),
          origin: 'dateField',
          createdAt: 0,
          attempt: 1,
        };
        await store.insert([task]);
        written.open();
        await held.wait;
        if (rowObj.postData?.title === 'Doomed') throw new Error('hook failed');
      });

      const kept = meetingsOf(writer!).create({ title: 'Kept' });
      await written.wait;
      // Inside the transaction, the writer's own store sees the task; no one else does yet.
      await expect(otherQueries.get('reminder-Kept')).resolves.toBeNull();
      await expect(rowsOf(meetingsOf(other!).query())).resolves.toEqual([]);
      held.open();
      await kept;
      await expect(otherQueries.get('reminder-Kept')).resolves.toMatchObject({ status: 'pending' });
      await expect(rowsOf(meetingsOf(other!).query())).resolves.toEqual([expect.objectContaining({ title: 'Kept' })]);

      await expect(meetingsOf(writer!).create({ title: 'Doomed' })).rejects.toThrow('hook failed');
      await expect(otherQueries.get('reminder-Doomed')).resolves.toBeNull();
    });

    test.each<[string, boolean, string]>([
      ['commits: the second is refused, the key already exists', false, 'refused'],
      ['rolls back: the second goes through', true, 'created'],
    ])(
      'two processes creating a row with the same key: the second waits for the first; when the first %s',
      async (_what, firstFails, outcome) => {
        const [first, second] = await processes(2);
        const inserted = gate();
        const held = gate();
        jest.spyOn(roomsOf(first!), 'afterSave').mockImplementationOnce(async () => {
          inserted.open();
          await held.wait;
          if (firstFails) throw new Error('hook failed');
        });
        const firstWrite = roomsOf(first!).create({ code: 'R1', description: 'first' });
        await inserted.wait;
        const secondWrite = roomsOf(second!).create({ code: 'R1', description: 'second' });
        expect(await settledSoon(secondWrite)).toBe(false);
        held.open();
        await firstWrite.catch(() => {});
        const result = await secondWrite.then(
          () => 'created',
          (err: unknown) => {
            expect(err).toBeInstanceOf(JitError);
            expect(err).toMatchObject({
              code: 'API_PARAMS_ERROR',
              details: { field: 'code' },
              message: expect.stringContaining('already exists'),
            });
            return 'refused';
          },
        );
        expect(result).toBe(outcome);
        await expect(rowsOf(roomsOf(second!).query())).resolves.toEqual([
          expect.objectContaining({ description: firstFails ? 'second' : 'first' }),
        ]);
      },
    );

    test("an update waits for another process's update of the row, and its hook gets that process's row as prevData", async () => {
      const [first, second] = await processes(2);
      const row = await meetingsOf(first!).create({ title: 'Stand-up', status: 'draft' });
      const updated = gate();
      const held = gate();
      jest.spyOn(meetingsOf(first!), 'afterSave').mockImplementationOnce(async () => {
        updated.open();
        await held.wait;
      });
      const seen: ModelRowChange[] = [];
      jest.spyOn(meetingsOf(second!), 'afterSave').mockImplementationOnce(async (rowObj) => {
        seen.push(rowObj);
      });
      const firstUpdate = meetingsOf(first!).update(row.id, { status: 'confirmed' });
      await updated.wait;
      const secondUpdate = meetingsOf(second!).update(row.id, { title: 'Daily' });
      expect(await settledSoon(secondUpdate)).toBe(false);
      held.open();
      const confirmed = await firstUpdate;
      await expect(secondUpdate).resolves.toEqual({ ...row, status: 'confirmed', title: 'Daily' });
      expect(seen).toEqual([{ model: 'models.Meeting', prevData: confirmed, postData: { ...row, status: 'confirmed', title: 'Daily' } }]);
    });

    test('within one process, writes in different async contexts run at the same time, each in its own transaction', async () => {
      const [app] = await processes(1);
      const meetings = meetingsOf(app!);
      const held = gate();
      jest.spyOn(meetings, 'afterSave').mockImplementationOnce(async () => {
        await held.wait;
        throw new Error('hook failed');
      });
      const slow = meetings.create({ title: 'Slow' });
      await expect(meetings.create({ title: 'Quick' })).resolves.toMatchObject({ title: 'Quick' });
      held.open();
      await expect(slow).rejects.toThrow('hook failed');
      expect((await rowsOf(meetings.query())).map((m) => m.title)).toEqual(['Quick']);
    });
  });

  test('an unreachable server is DATABASE_ERROR on first use, naming the URL without its password', async () => {
    const app = await load(fixtureDir('model-app'), 'postgres://app:s3cret@127.0.0.1:1/none');
    try {
      const err = await app
        .getElement<ModelElement>('models.Meeting')
        .query()
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DATABASE_ERROR', message: expect.stringContaining('postgres://app:***@127.0.0.1:1/none') });
      expect((err as Error).message).not.toContain('s3cret');
    } finally {
      await app.close();
    }
  });
});
