'use strict';
/**
 * Issue #3: writing tasks. 100,000 through `createTimerTasks` (one call) and through the store's
 * `insert` directly, 10,000 through `createTimerTask` one call each; node-schedule's scheduleJob
 * for 100,000 one-off jobs beside them. Fresh process and database per repetition.
 */
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 3;
const BATCH = 100_000;
const ONE_BY_ONE = 10_000;

async function run() {
  const appDir = writeTaskApp('create-app');
  const ours = [];
  const theirs = [];
  for (let i = 0; i < REPS; i++) {
    ours.push(runWorker('tasks.js', ['create', appDir, freshDir('create-data'), BATCH, ONE_BY_ONE], { timeoutMs: 300_000 }));
    theirs.push(runWorker('nodeSchedule.js', ['create', BATCH], { timeoutMs: 120_000 }));
  }
  const vs = { label: `node-schedule scheduleJob × ${BATCH.toLocaleString('en-US')}`, runs: theirs.map((r) => r.perSec) };
  return [
    summarize({
      measure: `TaskSvc.createTimerTasks, ${BATCH.toLocaleString('en-US')} in one call`,
      unit: 'tasks/s',
      runs: ours.map((r) => r.batchPerSec),
      vs,
      goal: { text: '≥ 100,000 tasks/s', met: (m) => m >= 100_000 },
    }),
    summarize({
      measure: `store.insert, the same ${BATCH.toLocaleString('en-US')} (below the service)`,
      unit: 'tasks/s',
      runs: ours.map((r) => r.storePerSec),
      vs,
    }),
    summarize({
      measure: `TaskSvc.createTimerTask, ${ONE_BY_ONE.toLocaleString('en-US')} one call each`,
      unit: 'tasks/s',
      runs: ours.map((r) => r.onePerSec),
      vs,
    }),
  ];
}

module.exports = {
  title: 'Creating tasks (issue #3)',
  about:
    'Tasks due a day or more ahead (nothing runs), scheduler started, SQLite default database in a fresh data folder. node-schedule keeps one in-memory timer per job and writes nothing.',
  run,
};
