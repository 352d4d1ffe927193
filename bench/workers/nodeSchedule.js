'use strict';
/**
 * The same workloads with node-schedule (one in-memory timer per job), one fresh process per call.
 *   create <n>                 scheduleJob n one-off jobs
 *   throughput <n>             n no-op jobs at one instant: time until all have run
 *   lateness <n> <spreadMs>    n jobs spread evenly over spreadMs: start minus fire date
 *   rss <n> <watchMs>          RSS with n jobs far in the future
 */
const { performance } = require('node:perf_hooks');
const schedule = require('node-schedule');
const { percentile } = require('../lib/stats');
const { watchRss } = require('../lib/watchRss');

const [mode, ...rest] = process.argv.slice(2);
const DAY_MS = 86_400_000;

function scheduleAll(n, dateOf, job) {
  for (let i = 0; i < n; i++) {
    const date = new Date(dateOf(i));
    // scheduleJob returns null for a date already past: the lead given was too short.
    if (!schedule.scheduleJob(date, () => job(date))) throw new Error(`job ${i} was not scheduled (its date had passed)`);
  }
}

async function create() {
  const n = Number(rest[0]);
  const first = Date.now() + DAY_MS;
  const t = performance.now();
  scheduleAll(
    n,
    (i) => first + i * 1000,
    () => {},
  );
  return { perSec: n / ((performance.now() - t) / 1000) };
}

async function throughput() {
  const n = Number(rest[0]);
  const at = Date.now() + 1000 + n * 0.3;
  let ran = 0;
  let allRan;
  const finished = new Promise((resolve) => {
    allRan = resolve;
  });
  scheduleAll(
    n,
    () => at,
    () => {
      if (++ran === n) allRan(performance.now());
    },
  );
  const dueAt = performance.now() + (at - Date.now());
  const endedAt = await finished;
  const ms = endedAt - dueAt;
  return { perSec: n / (ms / 1000), seconds: ms / 1000 };
}

async function lateness() {
  const [n, spreadMs] = rest.map(Number);
  const first = Date.now() + 2000;
  const late = [];
  let allRan;
  const finished = new Promise((resolve) => {
    allRan = resolve;
  });
  scheduleAll(
    n,
    (i) => first + Math.round((i * spreadMs) / n),
    (date) => {
      late.push(Date.now() - date.getTime());
      if (late.length === n) allRan();
    },
  );
  await finished;
  return { n: late.length, p50: percentile(late, 50), p99: percentile(late, 99), max: Math.max(...late) };
}

async function rss() {
  const [n, watchMs] = rest.map(Number);
  const first = Date.now() + 30 * DAY_MS;
  scheduleAll(
    n,
    (i) => first + i * 1000,
    () => {},
  );
  return watchRss(watchMs);
}

const modes = { create, throughput, lateness, rss };
modes[mode]().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0); // pending jobs would keep the process alive
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
