'use strict';
/**
 * Task engine benchmarks on the SQLite default database, one fresh process per call.
 *   create <appDir> <dataRoot> <nBatch> <nOne>   createTimerTasks batch, store.insert, createTimerTask one by one
 *   throughput <appDir> <dataDir> <n>            n no-op tasks due at one instant: time until all have run
 *   lateness <appDir> <dataDir> <n> <spreadMs>   n tasks spread evenly over spreadMs: start minus due
 *   fill <appDir> <dataDir> <n>                  writes n pending tasks due far in the future
 *   rss <appDir> <dataDir> <watchMs>             RSS while the scheduler runs over a filled store
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { NOOP } = require('../lib/apps');
const { percentile } = require('../lib/stats');
const { watchRss } = require('../lib/watchRss');

const { loadApp } = require('../../dist/index.js');
// Ids as TaskSvc makes them (time-ordered): random ones would scatter writes over the id indexes.
const { newTaskId } = require('../../dist/tasks/newTaskId');
const { openTaskStore } = require('../../dist/tasks/store/openTaskStore');

const [mode, appDir, dir, ...rest] = process.argv.slice(2);
const DAY_MS = 86_400_000;

/** Starts from an empty data folder (the `rss` mode reads one that `fill` wrote). */
function emptyDataDir() {
  fs.rmSync(dir, { recursive: true, force: true });
}

async function open(dataDir, start) {
  const app = await loadApp(appDir, { dataDir, start });
  const svc = app.getElement('services.TaskSvc');
  // `service`: the task service (events, reads); `store`: the write path the scheduler writes through, to write tasks as stored.
  return { app, svc, service: svc.service, store: openTaskStore(app.getElement('databases.Default')), queries: svc.service.queries };
}

/** Tasks as the store takes them (TaskStore.insert), the i-th due at dueAt(i). */
function newTasks(from, to, dueAt) {
  const now = Date.now();
  const tasks = [];
  for (let i = from; i < to; i++) {
    tasks.push({ taskId: newTaskId(), ...NOOP, argDict: { i }, dueAt: dueAt(i), origin: 'manual', attempt: 1, createdAt: now });
  }
  return tasks;
}

/** createTimerTask(s) arguments, the i-th due at dueAt(i). */
function specs(n, dueAt) {
  return Array.from({ length: n }, (_, i) => ({ ...NOOP, startTime: new Date(dueAt(i)).toISOString(), argDict: { i } }));
}

function perSecond(n, ms) {
  return n / (ms / 1000);
}

async function create() {
  emptyDataDir();
  const [nBatch, nOne] = rest.map(Number);
  const dueAt = (i) => Date.now() + DAY_MS + i * 1000;
  const result = {};

  let { app, svc, store } = await open(path.join(dir, 'batch'), true);
  const batch = specs(nBatch, dueAt);
  let t = performance.now();
  const created = await svc.createTimerTasks(batch);
  result.batchPerSec = perSecond(nBatch, performance.now() - t);
  if (created.length !== nBatch) throw new Error(`createTimerTasks created ${created.length} of ${nBatch}`);
  await app.close();

  ({ app, store } = await open(path.join(dir, 'store'), true));
  const rows = newTasks(0, nBatch, dueAt);
  t = performance.now();
  await store.insert(rows);
  result.storePerSec = perSecond(nBatch, performance.now() - t);
  await app.close();

  ({ app, svc } = await open(path.join(dir, 'one'), true));
  const one = specs(nOne, dueAt);
  t = performance.now();
  for (const s of one) await svc.createTimerTask(s.fullName, s.startTime, s.funcName, s.taskType, s.argDict);
  result.onePerSec = perSecond(nOne, performance.now() - t);
  await app.close();
  return result;
}

async function throughput() {
  emptyDataDir();
  const n = Number(rest[0]);
  const { app, service, store, queries } = await open(dir, false);
  const due = Date.now();
  await store.insert(newTasks(0, n, () => due));
  // Counted from the engine's events (each sent once the run's end is committed): polling the
  // store for counts would read the whole table, on the thread that runs the tasks.
  let ended = 0;
  let allEnded;
  const finished = new Promise((resolve) => {
    allEnded = resolve;
  });
  service.onEvent((e) => {
    if (e.kind === 'ended' && ++ended === n) allEnded();
  });
  const t0 = performance.now();
  await app.start();
  const limit = sleep(300_000, undefined, { ref: false }).then(() => {
    throw new Error(`only ${ended} of ${n} tasks ended in 300 s`);
  });
  await Promise.race([finished, limit]);
  const ms = performance.now() - t0;
  const counts = await queries.countByStatus();
  if (counts.completed !== n) throw new Error(`not all tasks completed: ${JSON.stringify(counts)}`);
  await app.close();
  return { perSec: perSecond(n, ms), seconds: ms / 1000 };
}

async function lateness() {
  emptyDataDir();
  const [n, spreadMs] = rest.map(Number);
  const { app, svc, service } = await open(dir, true);
  const late = [];
  let ended = 0;
  let allEnded;
  const finished = new Promise((resolve) => {
    allEnded = resolve;
  });
  service.onEvent((e) => {
    if (e.kind === 'started') late.push(e.ms);
    if (e.kind === 'ended' && ++ended === n) allEnded();
  });
  const first = Date.now() + 2000;
  await svc.createTimerTasks(specs(n, (i) => first + Math.round((i * spreadMs) / n)));
  if (Date.now() >= first) throw new Error('creating the tasks took longer than the 2 s lead: the first ones would be late because of it');
  // Not ref'd: once all have ended, this timer must not keep the process alive.
  const limit = sleep(first - Date.now() + spreadMs + 60_000, undefined, { ref: false }).then(() => {
    throw new Error(`only ${ended} of ${n} tasks ended in time`);
  });
  await Promise.race([finished, limit]);
  await app.close();
  return { n: late.length, p50: percentile(late, 50), p99: percentile(late, 99), max: Math.max(...late) };
}

async function fill() {
  const n = Number(rest[0]);
  emptyDataDir();
  const { app, store } = await open(dir, false);
  const first = Date.now() + 30 * DAY_MS;
  const t = performance.now();
  for (let from = 0; from < n; from += 50_000) await store.insert(newTasks(from, Math.min(n, from + 50_000), (i) => first + i * 1000));
  const seconds = (performance.now() - t) / 1000;
  await app.close();
  return { n, seconds };
}

async function rss() {
  const watchMs = Number(rest[0]);
  const { app, queries } = await open(dir, true);
  const memory = await watchRss(watchMs);
  const pending = (await queries.countByStatus()).pending ?? 0; // after sampling: counting reads the whole table
  await app.close();
  return { ...memory, pending };
}

const modes = { create, throughput, lateness, fill, rss };
modes[mode]().then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
