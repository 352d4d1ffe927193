'use strict';
/**
 * Issue #3: resident memory with many pending tasks. Stores of 100,000 and 1,000,000 tasks due far
 * ahead are written once; each repetition is a fresh process that loads the app with the scheduler
 * started and samples RSS every 100 ms for 3 s (peak reported). An empty store gives the runtime's
 * own share. node-schedule holds the same numbers of jobs in memory.
 */
const fs = require('node:fs');
const path = require('node:path');
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { TMP } = require('./lib/paths');
const { summarize } = require('./lib/report');
const { median } = require('./lib/stats');

const REPS = 3;
const WATCH_MS = 3000;
const SMALL = 100_000;
const LARGE = 1_000_000;

async function run() {
  const appDir = writeTaskApp('memory-app');
  const stores = {};
  for (const n of [0, SMALL, LARGE]) {
    stores[n] = path.join(TMP, `memory-data-${n}`);
    const filled = runWorker('tasks.js', ['fill', appDir, stores[n], n], { timeoutMs: 300_000 });
    console.log(`wrote ${n.toLocaleString('en-US')} pending tasks in ${filled.seconds.toFixed(1)} s`);
  }
  const ours = { 0: [], [SMALL]: [], [LARGE]: [] };
  const theirs = { [SMALL]: [], [LARGE]: [] };
  for (let i = 0; i < REPS; i++) {
    for (const n of [0, SMALL, LARGE]) {
      const r = runWorker('tasks.js', ['rss', appDir, stores[n], WATCH_MS], { timeoutMs: 120_000 });
      if (r.pending !== n) throw new Error(`the store of ${n} tasks holds ${r.pending} pending`);
      ours[n].push(r.peak);
    }
    theirs[SMALL].push(runWorker('nodeSchedule.js', ['rss', SMALL, WATCH_MS], { timeoutMs: 120_000 }).peak);
  }
  // Scheduling a million node-schedule jobs takes about a minute and 2 GB: once is enough to compare.
  theirs[LARGE].push(runWorker('nodeSchedule.js', ['rss', LARGE, WATCH_MS], { timeoutMs: 300_000 }).peak);
  // A quarter of a gigabyte; written anew by every run.
  for (const dir of Object.values(stores)) fs.rmSync(dir, { recursive: true, force: true });

  const fmt = (n) => n.toLocaleString('en-US');
  return [
    summarize({ measure: 'peak RSS, empty store (the runtime itself)', unit: 'MB', runs: ours[0] }),
    summarize({
      measure: `peak RSS, ${fmt(SMALL)} pending tasks`,
      unit: 'MB',
      runs: ours[SMALL],
      vs: { label: `node-schedule, ${fmt(SMALL)} jobs`, runs: theirs[SMALL] },
    }),
    summarize({
      measure: `peak RSS, ${fmt(LARGE)} pending tasks`,
      unit: 'MB',
      runs: ours[LARGE],
      vs: { label: `node-schedule, ${fmt(LARGE)} jobs (1 run)`, runs: theirs[LARGE] },
      goal: { text: '< 150 MB', met: (m) => m < 150 },
    }),
    summarize({
      measure: `growth from ${fmt(SMALL)} to ${fmt(LARGE)} pending tasks`,
      unit: 'MB',
      runs: ours[LARGE].map((v, i) => v - ours[SMALL][i]),
      vs: { label: 'node-schedule', runs: [theirs[LARGE][0] - median(theirs[SMALL])], ratio: false },
      goal: { text: '< 10 MB (flat)', met: (m) => m < 10 },
    }),
  ];
}

module.exports = {
  title: 'Memory with many pending tasks (issue #3)',
  about:
    'MB = MiB (2^20 bytes) of resident set size, as `process.memoryUsage().rss` reports it. The SQLite page cache (up to 16 MiB per database) counts in it.',
  run,
};
