import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type App, type TaskSvcElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { onPostgres } from '../models/onPostgres';
import { describePg } from '../support/pg';

// The draft "Temporary Tasks" page's transaction note, on PostgreSQL: createTemporaryTask inside a
// transaction is committed with it, and a rollback leaves no task.

describePg('createTemporaryTask joins the caller transaction on PostgreSQL', ({ create }) => {
  let app: App | undefined;
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-temp-pg-'));
  });
  afterEach(async () => {
    const closing = app?.close();
    await closing;
    app = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a rollback leaves no task; a commit keeps it', async () => {
    app = await loadApp(onPostgres(fixtureDir('jitai', 'task-types')), {
      clock: new ManualClock(Date.parse('2024-01-01T09:00:30Z')),
      dataDir,
      env: { ...process.env, DATABASE_URL: await create() },
    });
    const orders = app.getElement<{ createOrder(fail?: boolean): Promise<string> }>('services.OrderSvc');
    const svc = app.getElement<TaskSvcElement>('services.TaskSvc');
    await expect(orders.createOrder(true)).rejects.toThrow('order creation failed');
    expect(await svc.listTasks({ fullName: 'tasks.TemporaryType' })).toEqual([]);
    const taskId = await orders.createOrder(false);
    expect((await svc.listTasks({ fullName: 'tasks.TemporaryType' })).map((t) => t.taskId)).toEqual([taskId]);
  });
});
