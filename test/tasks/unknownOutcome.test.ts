import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, type App, type CreatedTask } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { queryPg } from '../models/onPostgres';
import { describePg } from '../support/pg';
import { startPgCommitProxy, type PgCommitProxy } from '../support/pgCommitProxy';

/** `services.TaskSvc` with the idempotency key of `createTimerTask`. */
interface KeyedTaskSvc {
  createTimerTask(
    fullName: string,
    startTime: string,
    funcName: string,
    taskType: string,
    argDict?: Record<string, unknown>,
    options?: { key: string },
  ): Promise<CreatedTask>;
}

const DUE = '2030-01-01 09:00:00';

describePg('a group of creates whose COMMIT was answered to nobody', (databases) => {
  let url: string;
  let proxy: PgCommitProxy;
  let app: App;
  let svc: KeyedTaskSvc;

  beforeEach(async () => {
    url = await databases.create();
    proxy = await startPgCommitProxy(url);
    // The scheduler is not started: the only transactions are the creates'.
    app = await loadApp(fixtureDir('pg-app'), {
      env: { ...process.env, DATABASE_URL: proxy.url },
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-lost-commit-')),
    });
    svc = app.getElement<KeyedTaskSvc>('services.TaskSvc');
    // Connected and migrated before the proxy is armed.
    await svc.createTimerTask('tasks.Job', DUE, 'services.Work.noop', 'tasks.NormalType', { n: -1 });
  });
  afterEach(async () => {
    await app.close();
    await proxy.close();
  });

  /** The tasks of tasks.Job in the database, read past the proxy: id → argument n. */
  const stored = async (): Promise<Map<string, number>> => {
    const rows = await queryPg<{ task_id: string; arg_dict: string }>(
      url,
      "SELECT task_id, arg_dict FROM jittask_tasks WHERE full_name = 'tasks.Job'",
    );
    return new Map(rows.map((row) => [row.task_id, (JSON.parse(row.arg_dict) as { n: number }).n]));
  };

  test('1,000 concurrent createTimerTask calls: the server committed their group, and each caller is answered its task, written once', async () => {
    proxy.dropCommits(1);
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, n) => svc.createTimerTask('tasks.Job', DUE, 'services.Work.noop', 'tasks.NormalType', { n })),
    );

    expect(proxy.droppedCommits).toBe(1);
    expect(answers.map((a) => [a.status, a.argDict.n])).toEqual(Array.from({ length: 1000 }, (_, n) => ['pending', n]));
    const tasks = await stored();
    expect(tasks.size).toBe(1001);
    for (const answer of answers) expect(tasks.get(answer.taskId)).toBe(answer.argDict.n);
  });

  test('a call with a key whose COMMIT was lost is answered its task; the retried call gets the same task, and nothing is written twice', async () => {
    proxy.dropCommits(1);
    const first = await svc.createTimerTask('tasks.Job', DUE, 'services.Work.noop', 'tasks.NormalType', { n: 1 }, { key: 'order-1' });
    const retried = await svc.createTimerTask('tasks.Job', DUE, 'services.Work.noop', 'tasks.NormalType', { n: 1 }, { key: 'order-1' });

    expect(proxy.droppedCommits).toBe(1);
    expect(retried).toEqual(first);
    expect([...(await stored()).entries()].filter(([, n]) => n === 1)).toEqual([[first.taskId, 1]]);
  });
});
