import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { loadApp, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg } from '../support/pg';

/**
 * Several processes of one app sharing a PostgreSQL database (SPEC §9). These run real worker
 * processes with the real clock: waits are bounded polls of the database, never fixed sleeps.
 */
const appDir = fixtureDir('pg-app');
const workerScript = path.join(__dirname, '../support/pgWorker.js');

interface Worker {
  child: ChildProcess;
  events: Array<{ kind: string; taskId?: string; status?: string; pid: number }>;
  exited: Promise<number | null>;
}

function startWorker(url: string, env: Record<string, string> = {}): Worker {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-worker-'));
  const child = spawn(process.execPath, [workerScript, appDir, dataDir], {
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: Worker = { child, events: [], exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) worker.events.push(JSON.parse(line));
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  return worker;
}

async function until(what: string, check: () => Promise<boolean> | boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopAll(workers: Worker[]): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

describePg('several worker processes on one PostgreSQL database', ({ create }) => {
  let url: string;
  let db: pg.Pool;
  let app: App;
  let svc: {
    createTimerTasks(tasks: unknown[]): Promise<Array<{ taskId: string }>>;
    createTimerTask(...a: unknown[]): Promise<{ taskId: string }>;
    forcedEnd(id: string): Promise<unknown>;
  };

  beforeEach(async () => {
    url = await create();
    db = new pg.Pool({ connectionString: url, max: 2 });
    // The test's own process of the app: it creates tasks but does not run the scheduler.
    app = await loadApp(appDir, {
      env: { ...process.env, DATABASE_URL: url },
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-creator-')),
    });
    svc = app.getElement('services.TaskSvc');
  });

  afterEach(async () => {
    await app.close();
    await db.end();
  });

  const statusCounts = async (): Promise<Record<string, number>> => {
    const { rows } = await db.query<{ status: string; n: string }>('SELECT status, COUNT(*) AS n FROM jittask_tasks GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };
  const startsPerTask = async (): Promise<number[]> => {
    const { rows } = await db.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM jittask_task_history WHERE event = 'started' GROUP BY task_id",
    );
    return rows.map((r) => Number(r.n));
  };
  const job = (i: number, func = 'services.Work.noop', argDict: Record<string, unknown> = { n: i }) => ({
    fullName: 'tasks.Job',
    startTime: new Date(Date.now() + 1500),
    funcName: func,
    taskType: 'tasks.NormalType',
    argDict,
  });

  test('three workers, 1,000 tasks due together: each runs exactly once', async () => {
    const workers = [startWorker(url), startWorker(url), startWorker(url)];
    try {
      await until('workers ready', () => workers.every((w) => w.events.some((e) => e.kind === 'ready')));
      await svc.createTimerTasks(Array.from({ length: 1000 }, (_, i) => job(i)));
      await until('all tasks completed', async () => (await statusCounts()).completed === 1000);
      const starts = await startsPerTask();
      expect(starts).toHaveLength(1000);
      expect(starts.every((n) => n === 1)).toBe(true);
      const started = workers.flatMap((w) => w.events.filter((e) => e.kind === 'started').map((e) => e.taskId));
      expect(new Set(started).size).toBe(1000);
      expect(started).toHaveLength(1000);
    } finally {
      await stopAll(workers);
    }
  }, 120_000);

  test('a worker killed with SIGKILL mid-run: its task ends as error within the lease window, nothing runs twice', async () => {
    const [victim, survivor] = [startWorker(url), startWorker(url)];
    try {
      await until('workers ready', () => [victim, survivor].every((w) => w.events.some((e) => e.kind === 'ready')));
      const { taskId } = await svc.createTimerTask('tasks.Job', new Date(Date.now() + 500), 'services.Work.sleep', 'tasks.NormalType', {
        ms: 60_000,
      });
      await until(
        'the task is running',
        async () => (await db.query("SELECT 1 FROM jittask_tasks WHERE task_id = $1 AND status = 'running'", [taskId])).rowCount === 1,
      );
      const {
        rows: [running],
      } = await db.query<{ worker_id: string }>('SELECT worker_id FROM jittask_tasks WHERE task_id = $1', [taskId]);
      const owner = [victim, survivor].find((w) => running!.worker_id.startsWith(`${w.child.pid}-`))!;
      const other = owner === victim ? survivor : victim;
      owner.child.kill('SIGKILL');
      const killedAt = Date.now();
      await until(
        'the task ended',
        async () => (await db.query("SELECT 1 FROM jittask_tasks WHERE task_id = $1 AND status <> 'running'", [taskId])).rowCount === 1,
        20_000,
      );
      expect(Date.now() - killedAt).toBeLessThan(3000 + 2 * 500 + 3000); // lease + two polls, with room for a loaded machine
      const {
        rows: [ended],
      } = await db.query<{ status: string; error: string }>('SELECT status, error FROM jittask_tasks WHERE task_id = $1', [taskId]);
      expect(ended!.status).toBe('error');
      expect(JSON.parse(ended!.error).message).toMatch(/worker lost/);
      expect(await startsPerTask()).toEqual([1]);
      expect(other.events.some((e) => e.kind === 'started' && e.taskId === taskId)).toBe(false);
    } finally {
      await stopAll([victim, survivor]);
    }
  }, 60_000);

  test('a task force-ended from another process is aborted in the worker running it', async () => {
    const worker = startWorker(url);
    try {
      await until('worker ready', () => worker.events.some((e) => e.kind === 'ready'));
      const { taskId } = await svc.createTimerTask('tasks.Job', new Date(Date.now() + 300), 'services.Work.sleep', 'tasks.NormalType', {
        ms: 60_000,
      });
      await until('the task is running', () => worker.events.some((e) => e.kind === 'started' && e.taskId === taskId));
      await expect(svc.forcedEnd(taskId)).resolves.toMatchObject({ status: 'forcedEnd', previousStatus: 'running' });
      // The worker learns it at its next lease renewal (a third of the lease): the signal fires there.
      await until('the worker aborts the task', () => worker.events.some((e) => e.kind === 'aborted' && e.taskId === taskId), 10_000);
      // What the aborted function did afterwards is discarded: the task stays force-ended.
      await new Promise((r) => setTimeout(r, 500));
      expect((await db.query('SELECT status FROM jittask_tasks WHERE task_id = $1', [taskId])).rows[0].status).toBe('forcedEnd');
      expect(worker.events.some((e) => e.kind === 'ended' && e.taskId === taskId)).toBe(false);
    } finally {
      await stopAll([worker]);
    }
  }, 60_000);

  test('a task created by another process wakes a worker at once (LISTEN/NOTIFY), not at its next poll', async () => {
    const worker = startWorker(url, { JT_POLL_SECONDS: '60' });
    try {
      await until('worker ready', () => worker.events.some((e) => e.kind === 'ready'));
      await new Promise((r) => setTimeout(r, 300)); // let the first pass go to sleep for its 60 s poll
      const created = Date.now();
      const { taskId } = await svc.createTimerTask('tasks.Job', new Date(created + 200), 'services.Work.noop', 'tasks.NormalType', {
        n: 1,
      });
      await until('the task ran', () => worker.events.some((e) => e.kind === 'ended' && e.taskId === taskId), 30_000);
      expect(Date.now() - created).toBeLessThan(20_000); // far below the 60 s poll
    } finally {
      await stopAll([worker]);
    }
  }, 60_000);

  test('several processes starting at once on an empty database apply each migration once', async () => {
    const workers = [startWorker(url), startWorker(url), startWorker(url), startWorker(url)];
    try {
      await until('workers ready', () => workers.every((w) => w.events.some((e) => e.kind === 'ready')));
      const { rows } = await db.query<{ version: number; n: string }>(
        'SELECT version, COUNT(*) AS n FROM jittask_schema_version GROUP BY version ORDER BY version',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await stopAll(workers);
    }
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
  }, 60_000);

  test('connections dropped while tasks run: the worker reconnects, no task is lost or run twice', async () => {
    const worker = startWorker(url);
    try {
      await until('worker ready', () => worker.events.some((e) => e.kind === 'ready'));
      await svc.createTimerTasks(Array.from({ length: 300 }, (_, i) => ({ ...job(i), startTime: new Date(Date.now() + 200 + i * 10) })));
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 700));
        await db.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
      }
      // A claim whose answer was lost with its connection lapses and ends as worker lost; every
      // other task completes. None stays pending or running, none starts twice.
      await until(
        'every task ended',
        async () => {
          const c = await statusCounts();
          return (c.completed ?? 0) + (c.error ?? 0) === 300;
        },
        60_000,
      );
      const { rows: errors } = await db.query<{ error: string }>("SELECT error FROM jittask_tasks WHERE status = 'error'");
      for (const e of errors) expect(JSON.parse(e.error).message).toMatch(/worker lost/);
      expect((await startsPerTask()).every((n) => n === 1)).toBe(true);
      const started = worker.events.filter((e) => e.kind === 'started').map((e) => e.taskId);
      expect(new Set(started).size).toBe(started.length);
    } finally {
      await stopAll([worker]);
    }
  }, 120_000);

  test('a task that blocks the event loop for less than the lease keeps its lease', async () => {
    const [busy, watcher] = [startWorker(url), startWorker(url)];
    try {
      await until('workers ready', () => [busy, watcher].every((w) => w.events.some((e) => e.kind === 'ready')));
      const { taskId } = await svc.createTimerTask('tasks.Job', new Date(Date.now() + 500), 'services.Work.block', 'tasks.NormalType', {
        ms: 2000,
      });
      await until(
        'the task ended',
        async () =>
          (await db.query("SELECT 1 FROM jittask_tasks WHERE task_id = $1 AND status IN ('completed', 'error')", [taskId])).rowCount === 1,
        30_000,
      );
      const {
        rows: [row],
      } = await db.query<{ status: string }>('SELECT status FROM jittask_tasks WHERE task_id = $1', [taskId]);
      expect(row!.status).toBe('completed');
      expect(await startsPerTask()).toEqual([1]);
    } finally {
      await stopAll([busy, watcher]);
    }
  }, 60_000);
});
