import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadApp, PgDatabase, PgDatabaseElement, type App, type CreatedTask, type TaskRecordView } from 'jittask';
import { openTaskStore } from '../../src/tasks/store/openTaskStore';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg } from '../support/pg';

/** `services.TaskSvc` as these tests call it. */
interface TaskSvc {
  createTimerTask(fullName: unknown, startTime: unknown, funcName: unknown, taskType: unknown, argDict?: unknown): Promise<CreatedTask>;
  getTask(taskId: unknown): Promise<TaskRecordView>;
}

/** Writes an app extending the task-app fixture whose `databases.Default` is `config` on PostgreSQL. */
function writePgApp(config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-pg-app-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({ appId: 'test.PgApp', title: 'On PostgreSQL', extends: [fixtureDir('task-app')] }),
  );
  const defaultDb = path.join(dir, 'elements', 'databases', 'Default');
  fs.mkdirSync(defaultDb, { recursive: true });
  fs.writeFileSync(path.join(defaultDb, 'e.yaml'), stringify({ type: 'databases.PgSqlType', config }));
  return dir;
}

describePg('databases.PgSqlType', ({ url }) => {
  let dir: string;
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an app that overrides databases.Default with PgSqlType and {{DATABASE_URL}} keeps its tasks in PostgreSQL', async () => {
    dir = writePgApp({ url: '{{DATABASE_URL}}', poolSize: 3 });
    app = await loadApp(dir, { env: { DATABASE_URL: url } });
    const svc = app.getElement<TaskSvc>('services.TaskSvc');

    const created = await svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:05', 'customFunc', 'tasks.NormalType', { a: 1 });
    expect(await svc.getTask(created.taskId)).toMatchObject({ status: 'pending', argDict: { a: 1 } });

    const element = app.getElement<PgDatabaseElement>('databases.Default');
    expect(element).toBeInstanceOf(PgDatabaseElement);
    // PostgreSQL's task store: it listens for the tasks other processes write.
    expect(openTaskStore(element).listen).toEqual(expect.any(Function));
    const check = new PgDatabase({ url });
    try {
      expect(await check.query('SELECT task_id, arg_dict FROM jittask_tasks')).toEqual([{ task_id: created.taskId, arg_dict: '{"a":1}' }]);
    } finally {
      await check.close();
    }
  });

  test.each([
    ['no url', {}, /config\.url: must be a postgres:\/\/ URL/],
    ['a poolSize of zero', { url: 'postgres://x@127.0.0.1/db', poolSize: 0 }, /config\.poolSize: must be a positive integer/],
    ['a misspelt key', { url: 'postgres://x@127.0.0.1/db', poolsize: 3 }, /config\.poolsize: unknown key \(known: url, poolSize\)/],
  ])('a config with %s is CONFIG_INVALID on first use, naming the element', async (_what, config, message) => {
    dir = writePgApp(config);
    app = await loadApp(dir, { env: {} });
    const element = app.getElement<PgDatabaseElement>('databases.Default');
    expect(() => openTaskStore(element)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', fullName: 'databases.Default', message: expect.stringMatching(message) }),
    );
  });

  test('a poolSize given by a placeholder, a string of digits, is accepted', async () => {
    dir = writePgApp({ url, poolSize: '{{POOL}}' });
    app = await loadApp(dir, { env: { POOL: '2' } });
    expect(await app.getElement<PgDatabaseElement>('databases.Default').database.ready()).toBeGreaterThan(0);
  });
});
