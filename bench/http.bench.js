'use strict';
/**
 * Issue #12: operating jittask. createTimerTask over HTTP (50 concurrent keep-alive clients)
 * against a bare node:http server calling the same TaskSvc function in-process; concurrent
 * createTimerTask calls (group commit) against the same calls awaited one by one, on PostgreSQL and
 * SQLite; the dashboard's first page of the task list with 1,000,000 tasks stored.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { writePgApp, writeTaskApp, NOOP } = require('./lib/apps');
const { runWorker, startWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { withDatabase } = require('./lib/pg');
const { summarize } = require('./lib/report');

const REPS = 3;
const CLIENTS = 50;
const REQUESTS = 5_000;
const WARM_UP = 500;
const CREATES = 10_000;
const STORED = 1_000_000;
const PAGE_REPS = 20;

/** POSTs createTimerTask's arguments `total` times from `CLIENTS` keep-alive connections; resolves to requests per second. */
async function load(port, route, total) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let sent = 0;
  const post = (i) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ ...NOOP, startTime: new Date(Date.now() + 86_400_000 + i).toISOString(), argDict: { i } });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: route,
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${route}: HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const client = async () => {
    while (sent < total) await post(sent++);
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const perSec = total / ((performance.now() - t) / 1000);
  agent.destroy();
  return perSec;
}

/** One server process of `kind` (see bench/workers/http.js serve), warmed up, then loaded. */
async function serveAndLoad(kind, appDir) {
  const server = startWorker('http.js', ['serve', kind, appDir, freshDir(`http-${kind}-data`)]);
  try {
    const { port } = await server.next('ready');
    const route = kind === 'jittask' ? '/api/bench/Tasks/services/TaskSvc/createTimerTask' : '/';
    await load(port, route, WARM_UP);
    const perSec = await load(port, route, REQUESTS);
    const { written } = await server.finish();
    if (written !== WARM_UP + REQUESTS) throw new Error(`${kind} server wrote ${written} of ${WARM_UP + REQUESTS} tasks`);
    return perSec;
  } catch (err) {
    await server.kill();
    throw err;
  }
}

async function run() {
  const sqliteApp = writeTaskApp('http-app');
  const pgApp = writePgApp('http-pg-app');
  const ours = [];
  const bare = [];
  const pgCreates = [];
  const sqliteCreates = [];
  for (let i = 0; i < REPS; i++) {
    // Taking turns at going first, so neither side always meets the machine as the other left it.
    if (i % 2 === 0) {
      ours.push(await serveAndLoad('jittask', sqliteApp));
      bare.push(await serveAndLoad('bare', sqliteApp));
    } else {
      bare.push(await serveAndLoad('bare', sqliteApp));
      ours.push(await serveAndLoad('jittask', sqliteApp));
    }
    pgCreates.push(await withDatabase((url) => runWorker('http.js', ['creates', pgApp, url, CREATES], { timeoutMs: 300_000 })));
    sqliteCreates.push(runWorker('http.js', ['creates', sqliteApp, freshDir('http-creates-data'), CREATES], { timeoutMs: 300_000 }));
  }
  const sqlitePage = runWorker('http.js', ['page', sqliteApp, freshDir('http-page-data'), STORED, PAGE_REPS], { timeoutMs: 600_000 });
  const pgPage = await withDatabase((url) => runWorker('http.js', ['page', pgApp, url, STORED, PAGE_REPS], { timeoutMs: 900_000 }));

  const n = CREATES.toLocaleString('en-US');
  const writes = (rs) =>
    `transactions: ${rs.map((r) => r.concurrentWrites).join(', ')} for ${n} at once, ${rs[0].oneByOneWrites.toLocaleString('en-US')} one by one`;
  const stored = STORED.toLocaleString('en-US');
  return [
    summarize({
      measure: `createTimerTask over HTTP (createHttpHandler), ${CLIENTS} keep-alive clients, ${REQUESTS.toLocaleString('en-US')} requests`,
      unit: 'req/s',
      runs: ours,
      vs: { label: 'bare node:http calling TaskSvc.createTimerTask', runs: bare },
      goal: { text: '≥ 0.6× the bare server', met: (_, ratio) => ratio >= 0.6 },
    }),
    summarize({
      measure: `PostgreSQL: ${n} createTimerTask calls made at once`,
      unit: 'tasks/s',
      runs: pgCreates.map((r) => r.concurrent),
      vs: { label: 'the same awaited one by one', runs: pgCreates.map((r) => r.oneByOne) },
      goal: { text: '≥ 10× one by one', met: (_, ratio) => ratio >= 10 },
      note: writes(pgCreates),
    }),
    summarize({
      measure: `SQLite: ${n} createTimerTask calls made at once`,
      unit: 'tasks/s',
      runs: sqliteCreates.map((r) => r.concurrent),
      vs: { label: 'the same awaited one by one', runs: sqliteCreates.map((r) => r.oneByOne) },
      note: writes(sqliteCreates),
    }),
    summarize({
      measure: `SQLite, ${stored} tasks stored: GET /dashboard/api/tasks, first page (${sqlitePage.rows} rows), round trip on loopback`,
      unit: 'ms',
      runs: [sqlitePage.httpMs],
      goal: { text: '< 50 ms', met: (m) => m < 50 },
      note: `median of ${PAGE_REPS}; TaskSvc.pageTasks alone ${sqlitePage.pageTasksMs.toFixed(2)} ms`,
    }),
    summarize({
      measure: `PostgreSQL, ${stored} tasks stored: GET /dashboard/api/tasks, first page (${pgPage.rows} rows), round trip on loopback`,
      unit: 'ms',
      runs: [pgPage.httpMs],
      goal: { text: '< 50 ms', met: (m) => m < 50 },
      note: `median of ${PAGE_REPS}; TaskSvc.pageTasks alone ${pgPage.pageTasksMs.toFixed(2)} ms`,
    }),
  ];
}

module.exports = {
  title: 'Operating jittask (issue #12)',
  about: `Each server in a fresh process on the SQLite default database, the ${CLIENTS} clients in the benchmark's own process (${WARM_UP} warm-up requests, not timed); both servers answer the same envelope, the bare one without routing, auth, body limit, metrics or callFunction by name. Creates: tasks a day ahead, scheduler started, fresh database per repetition; "at once" is ${CREATES.toLocaleString('en-US')} calls started together and awaited with Promise.all, as concurrent HTTP requests arrive. Page: ${STORED.toLocaleString('en-US')} pending tasks written with store.insert before timing, then ${PAGE_REPS} requests after 3 warm-up ones, one at a time.`,
  run,
};
