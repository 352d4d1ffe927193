'use strict';
/**
 * Issue #5: scaling out on PostgreSQL. 10,000 no-op tasks due at one instant are written first
 * (store.insert, from a process that is not started); then 1, 2 or 4 worker processes, each
 * loaded and connected, are told to start (`app.start()`); the clock runs from that word until
 * the database shows all completed (polled every 50 ms). pg-boss 10 does the same work on the same
 * server in the same repetition: 10,000 jobs sent with one `insert`, then 1 or 2 worker processes
 * with `work()`. Lateness: 2 workers running, 2,000 tasks due evenly over 10 s created 2 s ahead by
 * a third process; start − due from the task rows (started_at − due_at). A fresh database per
 * measurement, dropped after it.
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { writePgApp } = require('./lib/apps');
const { runWorker, startWorker } = require('./lib/child');
const { withDatabase, waitForFinal, query } = require('./lib/pg');
const { summarize } = require('./lib/report');
const { percentile } = require('./lib/stats');

const REPS = 3;
/** 20,000 per measurement would take the benchmark past 4 minutes at about 1,000 tasks/s. */
const TASKS = 10_000;
/**
 * pg-boss 10 has no teamSize: each work() call is one fetch loop, which waits out the rest of its
 * 0.5 s polling interval (the least it allows) after each batch, so a loop runs at most
 * 2 × batchSize jobs/s. Tried here with 10,000 jobs, 1 and 2 processes: 1–16 loops of 100–1,000;
 * more than about 8 loops in all made it slower (2 × 8 × 200: 1,300 jobs/s), and 4 × 500 was best
 * for both (about 4,600 and 8,300 jobs/s).
 */
const BOSS = { loops: 4, batchSize: 500 };
const LATENESS = { tasks: 2_000, spreadMs: 10_000, leadMs: 2_000, workers: 2 };

const JITTASK = {
  label: 'jittask',
  fill: (appDir, url) => runWorker('pg.js', ['fill', appDir, url, TASKS], { timeoutMs: 120_000 }),
  start: (appDir, url) => startWorker('pg.js', ['work', appDir, url]),
  countSql: 'SELECT status, count(*) AS n FROM jittask_tasks GROUP BY status',
  final: ['completed', 'error', 'timeout', 'forcedEnd'],
};

const PG_BOSS = {
  label: 'pg-boss',
  fill: (_appDir, url) => runWorker('pgBoss.js', ['fill', url, TASKS], { timeoutMs: 120_000 }),
  start: (_appDir, url) => startWorker('pgBoss.js', ['work', url, BOSS.loops, BOSS.batchSize]),
  countSql: "SELECT state AS status, count(*) AS n FROM pgboss.job WHERE name = 'noop' GROUP BY state",
  final: ['completed', 'failed', 'cancelled'],
};

/**
 * Starts `n` workers of `side` and waits until each is loaded and connected; runs `fn(workers)`;
 * then closes them, and resolves to fn's result with how many tasks each one ran.
 */
async function withWorkers(side, appDir, url, n, fn) {
  const workers = Array.from({ length: n }, () => side.start(appDir, url));
  try {
    await Promise.all(workers.map((w) => w.next('ready')));
    const result = await fn(workers);
    const closed = await Promise.all(workers.map((w) => w.finish()));
    return { ...result, perWorker: closed.map((c) => c.ran) };
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
  }
}

/** The machine's CPU time so far, all cores (Linux /proc/stat, in clock ticks): busy and in all. */
function cpuTicks() {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  return { busy: total - fields[3] - fields[4], total }; // idle and iowait are not busy
}

/**
 * Tasks (jobs) per second of `n` workers of `side` over TASKS written beforehand, and how busy the
 * whole machine (PostgreSQL included) was meanwhile, in % of all its cores: how much room a
 * further worker process had.
 */
async function throughput(side, appDir, n) {
  return withDatabase(async (url) => {
    side.fill(appDir, url);
    const r = await withWorkers(side, appDir, url, n, async (workers) => {
      const t0 = performance.now();
      const cpu0 = cpuTicks();
      for (const w of workers) w.send('go');
      const { at, counts } = await waitForFinal(url, side.countSql, TASKS, side.final);
      const cpu1 = cpuTicks();
      if ((counts.completed ?? 0) !== TASKS) throw new Error(`${side.label}, ${n} workers: not all completed: ${JSON.stringify(counts)}`);
      return { seconds: (at - t0) / 1000, busy: (100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total) };
    });
    console.log(
      `${side.label}, ${n} worker(s): ${(TASKS / r.seconds).toFixed(0)} tasks/s in ${r.seconds.toFixed(2)} s, machine ${r.busy.toFixed(0)}% busy; ran per worker ${r.perWorker.join(', ')}`,
    );
    return { perSec: TASKS / r.seconds, seconds: r.seconds, busy: r.busy };
  });
}

/** start − due of LATENESS.tasks tasks created while LATENESS.workers workers run. */
async function lateness(appDir) {
  return withDatabase(async (url) => {
    const r = await withWorkers(JITTASK, appDir, url, LATENESS.workers, async (workers) => {
      for (const w of workers) w.send('go');
      await Promise.all(workers.map((w) => w.next('started')));
      runWorker('pg.js', ['create', appDir, url, LATENESS.tasks, LATENESS.leadMs, LATENESS.spreadMs], { timeoutMs: 60_000 });
      const { counts } = await waitForFinal(url, JITTASK.countSql, LATENESS.tasks, JITTASK.final, { pollMs: 200 });
      if ((counts.completed ?? 0) !== LATENESS.tasks) throw new Error(`lateness: not all completed: ${JSON.stringify(counts)}`);
      const rows = await query(url, 'SELECT started_at - due_at AS late FROM jittask_tasks');
      return { late: rows.map((row) => Number(row.late)) };
    });
    const late = r.late;
    console.log(`lateness, ${LATENESS.workers} workers: p99 ${percentile(late, 99)} ms; ran per worker ${r.perWorker.join(', ')}`);
    return { p50: percentile(late, 50), p99: percentile(late, 99), max: Math.max(...late) };
  });
}

async function run() {
  const appDir = writePgApp('pg-app');
  const ours = { 1: [], 2: [], 4: [] };
  const busy = { 1: [], 2: [] };
  const theirs = { 1: [], 2: [] };
  const late = [];
  for (let i = 0; i < REPS; i++) {
    for (const n of [1, 2, 4]) {
      const r = await throughput(JITTASK, appDir, n);
      ours[n].push(r.perSec);
      busy[n]?.push(r.busy);
    }
    for (const n of [1, 2]) theirs[n].push((await throughput(PG_BOSS, appDir, n)).perSec);
    late.push(await lateness(appDir));
  }
  const fmt = TASKS.toLocaleString('en-US');
  const boss = (n) => ({ label: `pg-boss, ${n} worker${n > 1 ? 's' : ''}`, runs: theirs[n] });
  const atLeastBoss = { text: '≥ 1× pg-boss', met: (_m, ratio) => ratio >= 1 };
  const lateRow = (key, goal) =>
    summarize({
      measure: `lateness ${key}, ${LATENESS.workers} workers, ${LATENESS.tasks.toLocaleString('en-US')} tasks over ${LATENESS.spreadMs / 1000} s`,
      unit: 'ms',
      runs: late.map((r) => r[key]),
      goal,
    });
  return [
    summarize({
      measure: `${fmt} no-op tasks due at one instant, 1 worker process`,
      unit: 'tasks/s',
      runs: ours[1],
      vs: boss(1),
      goal: atLeastBoss,
    }),
    summarize({ measure: `… 2 worker processes`, unit: 'tasks/s', runs: ours[2], vs: boss(2), goal: atLeastBoss }),
    summarize({ measure: `… 4 worker processes`, unit: 'tasks/s', runs: ours[4] }),
    summarize({
      measure: 'scaling: 2 workers vs 1',
      unit: 'tasks/s',
      runs: ours[2],
      vs: { label: 'jittask, 1 worker', runs: ours[1] },
      goal: { text: '≥ 1.6×', met: (_m, ratio) => ratio >= 1.6 },
    }),
    summarize({ measure: 'scaling: 4 workers vs 1', unit: 'tasks/s', runs: ours[4], vs: { label: 'jittask, 1 worker', runs: ours[1] } }),
    summarize({
      measure: '… machine busy (all cores, PostgreSQL included; /proc/stat) while 1 jittask worker runs',
      unit: '%',
      runs: busy[1],
    }),
    summarize({ measure: '… the same while 2 jittask workers run', unit: '%', runs: busy[2] }),
    summarize({
      measure: 'pg-boss scaling: 2 workers vs 1 (for reference)',
      unit: 'jobs/s',
      runs: theirs[2],
      vs: { label: 'pg-boss, 1 worker', runs: theirs[1] },
    }),
    lateRow('p50'),
    lateRow('p99', { text: '≤ 50 ms', met: (m) => m <= 50 }),
    lateRow('max'),
  ];
}

module.exports = {
  title: 'Scaling out on PostgreSQL (issue #5)',
  about: [
    'PostgreSQL on the same machine as the workers (they share its cores). jittask: `databases.Default` a `databases.PgSqlType` (`poolSize` 10),',
    '`settings.scheduler: { concurrency: 1000, batchSize: 500, pollInterval: 1 }`, tuned as pg-boss was (claims of 500 as its',
    'fetches, twice that running so that a batch is claimed while the last one ends; of concurrency/batchSize 100/200, 500/500,',
    '1,000/500, 1,000/1,000 and 2,000/500, 1,000/500 was best for 1 and 2 workers), an Inner no-op template; pg-boss 10:',
    `${BOSS.loops} \`work()\` loops per process, \`batchSize: ${BOSS.batchSize}\`, \`pollingIntervalSeconds: 0.5\` (its minimum), no cron or maintenance.`,
    'Each worker is loaded and connected before the clock starts; the clock stops at the 50 ms poll that sees all completed.',
    'A fresh database per measurement. Ratio = jittask ÷ the comparison, per repetition.',
  ].join(' '),
  run,
};
