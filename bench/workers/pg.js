'use strict';
/**
 * jittask on PostgreSQL (the app of lib/apps writePgApp), one fresh process per call.
 *   fill <appDir> <url> <n>                          writes n no-op tasks due now (app not started)
 *   create <appDir> <url> <n> <leadMs> <spreadMs>    createTimerTasks: n tasks due evenly over spreadMs from leadMs ahead (app not started)
 *   work <appDir> <url>                              a worker: loads and connects, says `ready`; `go` on stdin starts the app
 *                                                    (says `started`); closing stdin closes it (says `closed` with how many it ran)
 */
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { performance } = require('node:perf_hooks');
const { NOOP } = require('../lib/apps');

const [mode, appDir, url, ...rest] = process.argv.slice(2);
// The app's databases.Default reads its URL from {{DATABASE_URL}}; the environment wins.
process.env.DATABASE_URL = url;
const { loadApp } = require('../../dist/index.js');
// Ids as TaskSvc makes them (time-ordered): random ones would scatter writes over the id indexes.
const { newTaskId } = require('../../dist/tasks/newTaskId');
const { openTaskStore } = require('../../dist/tasks/store/openTaskStore');

/** No SQLite file is written (the database is PostgreSQL), but every app has a data folder. */
const DATA_DIR = path.join(os.tmpdir(), 'jittask-bench-pg');

function say(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function open() {
  const app = await loadApp(appDir, { dataDir: DATA_DIR });
  const svc = app.getElement('services.TaskSvc');
  // `service`: the task service (events, reads); `store`: the write path the scheduler writes through, to write tasks as stored.
  return { app, svc, service: svc.service, store: openTaskStore(app.getElement('databases.Default')), queries: svc.service.queries };
}

async function fill() {
  const n = Number(rest[0]);
  const { app, store } = await open();
  const now = Date.now();
  const tasks = [];
  for (let i = 0; i < n; i++)
    tasks.push({ taskId: newTaskId(), ...NOOP, argDict: { i }, dueAt: now, origin: 'manual', attempt: 1, createdAt: now });
  const t = performance.now();
  const written = await store.insert(tasks);
  const seconds = (performance.now() - t) / 1000;
  if (written.length !== n) throw new Error(`wrote ${written.length} of ${n} tasks`);
  await app.close();
  return { n, seconds };
}

async function create() {
  const [n, leadMs, spreadMs] = rest.map(Number);
  const { app, svc } = await open();
  const first = Date.now() + leadMs;
  const specs = Array.from({ length: n }, (_, i) => ({
    ...NOOP,
    startTime: new Date(first + Math.round((i * spreadMs) / n)).toISOString(),
    argDict: { i },
  }));
  await svc.createTimerTasks(specs);
  if (Date.now() >= first)
    throw new Error(`creating the tasks took longer than the ${leadMs} ms lead: the first ones would be late because of it`);
  await app.close();
  return { n, first };
}

async function work() {
  const { app, service, queries } = await open();
  let ran = 0;
  service.onEvent((e) => {
    if (e.kind === 'ended') ran++;
  });
  // Connected (pool and migrations) before the clock starts, as a pg-boss worker is after its start().
  await queries.nextDueAt();
  say({ kind: 'ready', pid: process.pid });
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'go') app.start().then(() => say({ kind: 'started' }), reject);
    });
    lines.on('close', resolve);
  });
  await app.close();
  return { kind: 'closed', ran };
}

const modes = { fill, create, work };
modes[mode]().then(
  (result) => {
    say(result);
    process.exit(0); // a pg pool's idle connections would keep the process alive a while
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
