import { setTimeout as sleep } from 'node:timers/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { loadApp, type App, type TaskEvent } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import type { TaskSvc } from '../fixtures/task-harness/openTaskApp';
import { describePg } from '../support/pg';

/** The pool of the fixture's `databases.Default`, and the connections the scheduler keeps besides it. */
const POOL_SIZE = 2;
const RESERVED = 2;
const LISTENER = 1;

/** Runs `sample` every 50 ms until `done` settles, and returns the largest value it gave. */
async function peakWhile(done: Promise<unknown>, sample: () => Promise<number>): Promise<number> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  let peak = 0;
  while (!finished) {
    peak = Math.max(peak, await sample());
    await sleep(50);
  }
  return peak;
}

describePg('task code that keeps the pool busy', ({ url }) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('20 tasks each making three slow queries on a pool of 2 all complete: no lease is lost, the process stays within its connections', async () => {
    app = await loadApp(fixtureDir('busy-pool-app'), {
      env: { ...process.env, DATABASE_URL: url },
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-busy-pool-')),
    });
    const svc = app.getElement<TaskSvc>('services.TaskSvc');
    const events: TaskEvent[] = [];
    svc.service.onEvent((e) => events.push(e));
    // Each query waits for one of two connections behind the other tasks' (20 × 0.3 s / 2 = 3 s),
    // longer than a lease of 2 s: a renewal that queued with them would come back too late.
    const tasks = await svc.createTimerTasks(
      Array.from({ length: 20 }, () => ({
        fullName: 'tasks.SlowQueries',
        startTime: new Date(),
        funcName: 'services.Slow.queries',
        taskType: 'tasks.NormalType',
        argDict: { count: 3, seconds: 0.3 },
      })),
    );
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await app.start();
      const allEnded = (async () => {
        for (;;) {
          const listed = await svc.listTasks({ fullName: 'tasks.SlowQueries' });
          if (listed.every((t) => t.status !== 'pending' && t.status !== 'running')) return listed;
          await sleep(100);
        }
      })();
      const peak = await peakWhile(allEnded, async () => {
        const [row] = (
          await admin.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).rows;
        return Number(row!.n);
      });
      const ended = await allEnded;

      expect(ended.map((t) => [t.status, t.attempt, t.result])).toEqual(tasks.map(() => ['completed', 1, { queries: 3 }]));
      expect(events.filter((e) => e.kind === 'leaseLost' || e.kind === 'late')).toEqual([]);
      for (const { taskId } of tasks) {
        expect((await svc.getTask(taskId)).history?.map((h) => h.event)).toEqual(['started', 'completed']);
      }
      // The sampler saw the pool in use, and never more than the pool, the reserved pool and LISTEN.
      expect(peak).toBeGreaterThanOrEqual(POOL_SIZE);
      expect(peak).toBeLessThanOrEqual(POOL_SIZE + RESERVED + LISTENER);
    } finally {
      await admin.end();
    }
  }, 60_000);
});
