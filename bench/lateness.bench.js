'use strict';
/**
 * Issue #3: how late tasks start. 2,000 tasks due evenly over 10 seconds, created 2 s ahead;
 * lateness = start − due as the engine reports it (`started` events). node-schedule: the same
 * fire dates, lateness = Date.now() in the job − its fire date.
 */
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 3;
const TASKS = 2_000;
const SPREAD_MS = 10_000;

async function run() {
  const appDir = writeTaskApp('lateness-app');
  const ours = [];
  const theirs = [];
  for (let i = 0; i < REPS; i++) {
    ours.push(runWorker('tasks.js', ['lateness', appDir, freshDir('lateness-data'), TASKS, SPREAD_MS], { timeoutMs: 120_000 }));
    theirs.push(runWorker('nodeSchedule.js', ['lateness', TASKS, SPREAD_MS], { timeoutMs: 120_000 }));
  }
  const row = (key, goal) =>
    summarize({
      measure: `lateness ${key}, ${TASKS.toLocaleString('en-US')} tasks over ${SPREAD_MS / 1000} s`,
      unit: 'ms',
      runs: ours.map((r) => r[key]),
      vs: { label: 'node-schedule', runs: theirs.map((r) => r[key]) },
      goal,
    });
  return [row('p50'), row('p99', { text: '≤ 20 ms', met: (m) => m <= 20 }), row('max')];
}

module.exports = {
  title: 'Lateness (issue #3)',
  about:
    "Real system clock, the scheduler settings of the throughput benchmark. Millisecond resolution on both sides; a ratio is left out when node-schedule's figure is 0 ms.",
  run,
};
