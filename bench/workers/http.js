'use strict';
/**
 * Issue #12 benchmarks, one fresh process per call.
 *   serve jittask|bare <appDir> <dataDir>    an HTTP server on a loopback port (it says `{ kind: 'ready', port }`;
 *                                            closing stdin closes it): jittask's createHttpHandler, or a bare node:http
 *                                            server calling TaskSvc.createTimerTask in-process on every POST
 *   creates <appDir> <dataDir|url> <n>       n createTimerTask calls awaited one by one, then n made at once
 *                                            (a url: the app is on PostgreSQL there)
 *   page <appDir> <dataDir|url> <n> <reps>   n pending tasks stored, then the dashboard's first page of the task list
 *                                            (GET /dashboard/api/tasks) and TaskSvc.pageTasks, reps times each
 */
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { performance } = require('node:perf_hooks');
const { NOOP } = require('../lib/apps');
const { median } = require('../lib/stats');

const [mode, ...args] = process.argv.slice(2);
const { createHttpHandler, loadApp } = require('../../dist/index.js');
// Ids as TaskSvc makes them (time-ordered): random ones would scatter writes over the id indexes.
const { newTaskId } = require('../../dist/tasks/newTaskId');
const { openTaskStore } = require('../../dist/tasks/store/openTaskStore');

const DAY_MS = 86_400_000;

function say(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** The app on SQLite in data folder `where`, or on the PostgreSQL database at URL `where`. */
async function open(appDir, where) {
  const pgUrl = /^postgres(ql)?:/.test(where);
  const app = await loadApp(
    appDir,
    pgUrl ? { dataDir: path.join(os.tmpdir(), 'jittask-bench-http'), env: { ...process.env, DATABASE_URL: where } } : { dataDir: where },
  );
  const svc = app.getElement('services.TaskSvc');
  // The write path the scheduler writes through (one per database), to write tasks as they are stored.
  return { app, svc, store: openTaskStore(app.getElement('databases.Default')) };
}

/** createTimerTask's arguments by name, a day ahead (nothing runs). */
function spec(i) {
  return {
    fullName: NOOP.fullName,
    startTime: new Date(Date.now() + DAY_MS + i).toISOString(),
    funcName: NOOP.funcName,
    taskType: NOOP.taskType,
    argDict: { i },
  };
}

function createOne(svc, s) {
  return svc.createTimerTask(s.fullName, s.startTime, s.funcName, s.taskType, s.argDict);
}

/** What the bare server answers: the envelope jittask answers, without its router, auth or callFunction by name. */
function bareHandler(svc) {
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let s;
      try {
        s = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      createOne(svc, s).then(
        (data) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errcode: 0, errmsg: '', data }));
        },
        (err) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errcode: 1, errmsg: err.message }));
        },
      );
    });
  };
}

async function serve() {
  const [kind, appDir, dataDir] = args;
  const { app, svc } = await open(appDir, dataDir);
  await app.start();
  const handler = kind === 'jittask' ? createHttpHandler(app) : bareHandler(svc);
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  say({ kind: 'ready', port: server.address().port });
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).on('close', resolve));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  handler.close?.();
  const written = (await svc.service.queries.countByStatus()).pending ?? 0;
  await app.close();
  return { kind: 'closed', written };
}

async function creates() {
  const [appDir, where, nText] = args;
  const n = Number(nText);
  const { app, svc, store } = await open(appDir, where);
  await app.start();
  await createOne(svc, spec(-1)); // connected and migrated before the clock starts
  const inserts = [];
  const insert = store.insert.bind(store);
  store.insert = (tasks) => {
    inserts.push(tasks.length);
    return insert(tasks);
  };

  let t = performance.now();
  for (let i = 0; i < n; i++) await createOne(svc, spec(i));
  const oneByOne = n / ((performance.now() - t) / 1000);
  const oneByOneWrites = inserts.splice(0).length;

  t = performance.now();
  const made = await Promise.all(Array.from({ length: n }, (_, i) => createOne(svc, spec(n + i))));
  const concurrent = n / ((performance.now() - t) / 1000);
  if (new Set(made.map((m) => m.taskId)).size !== n) throw new Error('concurrent creates did not answer each caller its own task');
  const concurrentWrites = inserts.length;
  const pending = (await svc.service.queries.countByStatus()).pending ?? 0;
  if (pending !== 2 * n + 1) throw new Error(`${pending} tasks pending, ${2 * n + 1} expected`);
  await app.close();
  return { oneByOne, concurrent, oneByOneWrites, concurrentWrites };
}

async function page() {
  const [appDir, where, nText, repsText] = args;
  const [n, reps] = [Number(nText), Number(repsText)];
  const { app, svc, store } = await open(appDir, where);
  const first = Date.now() + DAY_MS;
  const t = performance.now();
  for (let from = 0; from < n; from += 50_000) {
    const tasks = [];
    const now = Date.now();
    for (let i = from; i < Math.min(n, from + 50_000); i++) {
      tasks.push({ taskId: newTaskId(), ...NOOP, argDict: { i }, dueAt: first + i * 1000, origin: 'manual', attempt: 1, createdAt: now });
    }
    await store.insert(tasks);
  }
  const fillSeconds = (performance.now() - t) / 1000;
  await app.start();
  const handler = createHttpHandler(app);
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/dashboard/api/tasks`;

  const timed = async (fn) => {
    const times = [];
    for (let i = 0; i < reps + 3; i++) {
      const s = performance.now();
      await fn();
      if (i >= 3) times.push(performance.now() - s); // three warm-up calls
    }
    return times;
  };
  let rows = 0;
  const overHttp = await timed(async () => {
    const res = await globalThis.fetch(url);
    const body = await res.json();
    if (res.status !== 200) throw new Error(`GET /dashboard/api/tasks: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    rows = body.tasks.length;
  });
  const inProcess = await timed(async () => {
    const { tasks } = await svc.pageTasks({ limit: rows }); // the dashboard page's size, not TaskSvc's default
    if (tasks.length !== rows) throw new Error(`pageTasks answered ${tasks.length} tasks, the HTTP page ${rows}`);
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  handler.close();
  await app.close();
  return { fillSeconds, rows, httpMs: median(overHttp), pageTasksMs: median(inProcess) };
}

const modes = { serve, creates, page };
modes[mode]().then(
  (result) => {
    say(result);
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
