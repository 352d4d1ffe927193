import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadApp, type App } from 'jittask';
import type { OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg, runSql } from '../support/pg';
import { captureLog } from '../support/captureLog';

/**
 * A database whose `statement_timeout` is shorter than a claim of a whole batch: the scheduler
 * claims fewer tasks per pass after a claim times out, so the tasks still run. Each claimed row
 * costs the claim 30 ms here (a trigger sleeps), and statements time out after 750 ms: a claim of
 * 32 tasks or more times out, one of 16 to 24 does not. Real clock: waits are bounded polls.
 */
const TASKS = 64;

/** The engine app on PostgreSQL with a batch (and slots) of 64. */
function writeApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-claim-timeout-'));
  const scheduler = { pollInterval: 0.2, concurrency: TASKS, batchSize: TASKS, leaseSeconds: 10, shutdownGraceSeconds: 2 };
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({
      appId: 'test.ClaimTimeout',
      title: 'Claims that time out',
      extends: [fixtureDir('engine-app-pg')],
      settings: { timezone: 'UTC', scheduler },
    }),
  );
  return dir;
}

async function until(what: string, check: () => Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describePg('claims on a database whose statement_timeout is shorter than a claim of the whole batch', ({ create }) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    jest.restoreAllMocks();
  });

  test('the batch is halved after a timed-out claim, every task runs, and it is logged once', async () => {
    const url = await create();
    const dir = writeApp();
    const open = () =>
      loadApp(dir, { env: { ...process.env, DATABASE_URL: url }, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-d-')) });
    // A first load creates jittask's tables; the trigger and the timeout come after.
    const first = await open();
    await first.getElement<OpenTaskApp['svc']>('services.TaskSvc').listTasks({});
    await first.close();
    await runSql(
      url,
      `CREATE FUNCTION slow_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END $$;
       CREATE TRIGGER slow_claim BEFORE UPDATE ON jittask_tasks FOR EACH ROW
         WHEN (OLD.status = 'pending' AND NEW.status = 'running') EXECUTE FUNCTION slow_claim();
       ALTER DATABASE ${new URL(url).pathname.slice(1)} SET statement_timeout = '750ms';`,
    );

    app = await open();
    const svc = app.getElement<OpenTaskApp['svc']>('services.TaskSvc');
    const specs = Array.from({ length: TASKS }, (_, i) => ({
      fullName: 'tasks.Odd',
      startTime: new Date(),
      funcName: 'customFunc',
      taskType: 'tasks.NormalType',
      argDict: { kind: `done ${i}` },
    }));
    const created = await svc.createTimerTasks(specs);
    const { lines } = captureLog(app.logger);
    await app.start();

    const completed = async () => (await svc.listTasks({ status: 'completed', limit: TASKS })).length;
    await until(`all ${TASKS} tasks completed`, async () => (await completed()) === TASKS);
    expect(created).toHaveLength(TASKS);
    expect(lines.filter((l) => /statement_timeout/.test(l))).toEqual([
      expect.stringMatching(/^warn: a claim of 64 due tasks timed out \(statement_timeout\): claiming at most 32 per pass/),
    ]);
    expect(lines.filter((l) => /scheduler pass failed/.test(l))).toEqual([]);
  });
});
