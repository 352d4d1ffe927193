'use strict';
/**
 * Issue #3: how fast no-op tasks that are all due run. jittask: 100,000 tasks written due now,
 * then the scheduler started; the clock stops when the engine has reported the end of the last one
 * (its `ended` event follows the commit of that end). node-schedule: 5,000 jobs at one instant, timed from that instant.
 */
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 3;
const TASKS = 100_000;
/** node-schedule runs one due job per timer turn (≥ 1 ms): 100,000 would take about two minutes a run. */
const JOBS = 5_000;

async function run() {
  const appDir = writeTaskApp('throughput-app');
  const ours = [];
  const theirs = [];
  for (let i = 0; i < REPS; i++) {
    ours.push(runWorker('tasks.js', ['throughput', appDir, freshDir('throughput-data'), TASKS], { timeoutMs: 300_000 }));
    theirs.push(runWorker('nodeSchedule.js', ['throughput', JOBS], { timeoutMs: 120_000 }));
  }
  return [
    summarize({
      measure: `${TASKS.toLocaleString('en-US')} no-op tasks due at one instant, run to completion`,
      unit: 'tasks/s',
      runs: ours.map((r) => r.perSec),
      vs: { label: `node-schedule, ${JOBS.toLocaleString('en-US')} jobs`, runs: theirs.map((r) => r.perSec) },
      goal: { text: '≥ 20,000 tasks/s', met: (m) => m >= 20_000 },
    }),
    summarize({ measure: `… time until all ${TASKS.toLocaleString('en-US')} had run`, unit: 's', runs: ours.map((r) => r.seconds) }),
  ];
}

module.exports = {
  title: 'Throughput of due tasks (issue #3)',
  about:
    'Real system clock; `settings.scheduler: { concurrency: 200, batchSize: 500, pollInterval: 1 }`; an Inner no-op template; SQLite default database in a fresh data folder per repetition.',
  run,
};
