'use strict';
/**
 * The database floor of firing due tasks (issue #20): jittask against the bare driver running
 * jittask's own statements on jittask's schema, one fresh process per call. Both sides start from
 * the same store: the database migrated by opening it through jittask, n no-op tasks due now
 * written with jittask's store (`insert`), the app then closed (raw) or started (jittask).
 *   jittask-sqlite <appDir> <dataDir> <n>               the scheduler of the app, until the engine reported n ends
 *   raw-sqlite <appDir> <dataDir> <n> <batch>           better-sqlite3: claim `batch`, run each no-op, finish the batch in one transaction, until none is left
 *   jittask-pg <appDir> <url> <n>                       the same as jittask-sqlite on PostgreSQL
 *   raw-pg <appDir> <url> <n> <batch> <loops>           pg: `loops` such loops in parallel, a connection each
 * Each prints `{ perSec, seconds, n, window }`; `window` is the timed span in process.hrtime µs (to
 * cut a CPU profile, taken with `node --cpu-prof`, to the firing).
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { NOOP } = require('../lib/apps');

const [mode, appDir, where, ...rest] = process.argv.slice(2);
const onPg = mode.endsWith('-pg');
// The PostgreSQL app's databases.Default reads its URL from {{DATABASE_URL}}; the environment wins.
if (onPg) process.env.DATABASE_URL = where;

const { loadApp } = require('../../dist/index.js');
const { SqliteDatabase } = require('../../dist/db/SqliteDatabase');
// Ids as TaskSvc makes them (time-ordered): random ones would scatter writes over the id indexes.
const { newTaskId } = require('../../dist/tasks/newTaskId');
const { openTaskStore } = require('../../dist/tasks/store/openTaskStore');
const { newClaimId } = require('../../dist/tasks/store/newClaimId');
const { CLAIM_SQL } = require('../../dist/tasks/store/claimDue');
const { FINISH_SQL } = require('../../dist/tasks/store/finishRuns');
const { storeSql } = require('../../dist/tasks/store/storeSql');

/** Each side's lease, as the engine's default (`leaseSeconds` 60). */
const LEASE_MS = 60_000;
const WORKER_ID = `${process.pid}-floor`;

/** What the template's Inner function is: it returns nothing. */
const noop = () => null;

/** Opens the app (not started) on its fresh database and writes n no-op tasks due now through jittask's store. */
async function openAndFill(n) {
  const app = await loadApp(appDir, { dataDir: onPg ? path.join(require('node:os').tmpdir(), 'jittask-bench-floor') : where });
  const svc = app.getElement('services.TaskSvc');
  const element = app.getElement('databases.Default');
  const store = openTaskStore(element);
  const now = Date.now();
  const tasks = [];
  for (let i = 0; i < n; i++)
    tasks.push({ taskId: newTaskId(), ...NOOP, argDict: { i }, dueAt: now, origin: 'manual', attempt: 1, createdAt: now });
  const written = await store.insert(tasks);
  if (written.length !== n) throw new Error(`wrote ${written.length} of ${n} tasks`);
  // Connected (pool and migrations) before the clock starts.
  await svc.service.queries.nextDueAt();
  return { app, service: svc.service, queries: svc.service.queries, element };
}

function result(n, h0, h1) {
  const seconds = Number(h1 - h0) / 1e9;
  return { perSec: n / seconds, seconds, n, window: [Number(h0 / 1000n), Number(h1 / 1000n)] };
}

async function jittask() {
  const n = Number(rest[0]);
  const { app, service, queries } = await openAndFill(n);
  // Counted from the engine's events (each sent once the run's end is committed), as bench/throughput.
  let ended = 0;
  let allEnded;
  const finished = new Promise((resolve) => {
    allEnded = resolve;
  });
  service.onEvent((e) => {
    if (e.kind === 'ended' && ++ended === n) allEnded();
  });
  const h0 = process.hrtime.bigint();
  await app.start();
  const limit = sleep(300_000, undefined, { ref: false }).then(() => {
    throw new Error(`only ${ended} of ${n} tasks ended in 300 s`);
  });
  await Promise.race([finished, limit]);
  const h1 = process.hrtime.bigint();
  const counts = await queries.countByStatus();
  if (counts.completed !== n) throw new Error(`not all tasks completed: ${JSON.stringify(counts)}`);
  await app.close();
  return result(n, h0, h1);
}

/**
 * What the engine does per batch on SQLite, with its statements: one IMMEDIATE transaction claims
 * up to `batch` due tasks (the claim, then a `started` history entry each, in claim order); each
 * no-op is called with its parsed arguments; one IMMEDIATE transaction ends them all (the end under
 * the run's token, then its history entry). Synchronous, no promise.
 */
async function rawSqlite() {
  const [n, batch] = rest.map(Number);
  const { app, element } = await openAndFill(n);
  const file = element.connection().file;
  await app.close();
  // better-sqlite3 as jittask opens it (WAL, synchronous NORMAL, its cache and busy timeout); the schema is already there.
  const db = SqliteDatabase.open(file).raw;
  const claim = db.prepare(CLAIM_SQL.sqlite).raw(true);
  const end = db.prepare(FINISH_SQL.sqlite);
  const history = db.prepare(storeSql.sqliteHistory);
  const claimTx = db.transaction((now, claimId) => {
    const rows = claim.all(WORKER_ID, claimId, now + LEASE_MS, now, now, batch);
    rows.sort((a, b) => a[5] - b[5] || a[10] - b[10]);
    for (const r of rows) history.run(r[0], r[8], 'started', now, WORKER_ID, null);
    return rows;
  });
  const finishTx = db.transaction((ends, claimId) => {
    for (const { taskId, attempt, value, now } of ends) {
      const done = end.run(
        'completed',
        value === null ? null : JSON.stringify(value),
        null,
        now,
        taskId,
        claimId,
        attempt,
        Number.MAX_SAFE_INTEGER,
      );
      if (done.changes !== 1) throw new Error(`task ${taskId} was not ended`);
      history.run(taskId, attempt, 'completed', now, WORKER_ID, null);
    }
  });
  let done = 0;
  const h0 = process.hrtime.bigint();
  for (;;) {
    const claimId = newClaimId();
    const rows = claimTx.immediate(Date.now(), claimId);
    if (rows.length === 0) break;
    const ends = rows.map((r) => ({ taskId: r[0], attempt: r[8], value: noop(JSON.parse(r[4])), now: Date.now() }));
    finishTx.immediate(ends, claimId);
    done += rows.length;
  }
  const h1 = process.hrtime.bigint();
  const completed = db.prepare("SELECT count(*) AS n FROM jittask_tasks WHERE status = 'completed'").get().n;
  if (done !== n || completed !== n) throw new Error(`raw SQLite ran ${done} and completed ${completed} of ${n}`);
  db.close();
  return result(n, h0, h1);
}

/**
 * What the engine does per batch on PostgreSQL, with its statements: the claim (one statement that
 * also writes the `started` entries), each no-op called with its arguments, the finish of the whole
 * batch (one statement: ends and history). `loops` of these in parallel, a connection each, as
 * jittask keeps two batches in flight when its concurrency is twice its batch size.
 */
async function rawPg() {
  const [n, batch, loops] = rest.map(Number);
  const { app } = await openAndFill(n);
  await app.close();
  const pg = require('pg');
  const clients = [];
  for (let i = 0; i < loops; i++) {
    const client = new pg.Client({ connectionString: where });
    await client.connect();
    clients.push(client);
  }
  let done = 0;
  async function loop(client) {
    for (;;) {
      const claimId = newClaimId();
      const { rows } = await client.query(CLAIM_SQL.postgres, [WORKER_ID, LEASE_MS, Date.now(), batch, claimId]);
      if (rows.length === 0) return;
      const ids = [];
      const results = [];
      const nows = [];
      for (const r of rows) {
        const value = noop(r.arg_dict === null ? null : JSON.parse(r.arg_dict));
        ids.push(r.task_id);
        results.push(value === null ? null : JSON.stringify(value));
        nows.push(Date.now());
      }
      const k = rows.length;
      const params = [
        ids,
        Array(k).fill(WORKER_ID),
        Array(k).fill('completed'),
        results,
        Array(k).fill(null),
        nows,
        Array(k).fill(null),
        Array(k).fill(claimId),
        rows.map((r) => r.attempt),
        Array(k).fill(false),
      ];
      const ended = await client.query(FINISH_SQL.postgres, params);
      if (ended.rows.length !== k) throw new Error(`ended ${ended.rows.length} of ${k}`);
      done += k;
    }
  }
  const h0 = process.hrtime.bigint();
  await Promise.all(clients.map(loop));
  const h1 = process.hrtime.bigint();
  const { rows } = await clients[0].query("SELECT count(*)::int AS n FROM jittask_tasks WHERE status = 'completed'");
  if (done !== n || rows[0].n !== n) throw new Error(`raw PostgreSQL ran ${done} and completed ${rows[0].n} of ${n}`);
  await Promise.all(clients.map((c) => c.end()));
  return result(n, h0, h1);
}

const modes = { 'jittask-sqlite': jittask, 'raw-sqlite': rawSqlite, 'jittask-pg': jittask, 'raw-pg': rawPg };
const t = performance.now();
modes[mode]().then(
  (r) => {
    process.stdout.write(`${JSON.stringify({ ...r, processSeconds: (performance.now() - t) / 1000 })}\n`);
    process.exit(0); // a pg pool's idle connections would keep the process alive a while
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
