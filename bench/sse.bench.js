'use strict';
/**
 * Issue #17: the dashboard's live events at scale. The same no-op tasks, due at one instant, run
 * to completion with no dashboard page open and with 500 event streams open (read by another
 * process); the two take turns at going first.
 */
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 3;
const TASKS = 5_000;
const STREAMS = 500;

async function run() {
  const appDir = writeTaskApp('sse-app');
  const without = [];
  const withStreams = [];
  for (let i = 0; i < REPS; i++) {
    const pair = [
      () => without.push(runWorker('sse.js', [appDir, freshDir('sse-data'), 0, TASKS], { timeoutMs: 300_000 })),
      () => withStreams.push(runWorker('sse.js', [appDir, freshDir('sse-data'), STREAMS, TASKS], { timeoutMs: 300_000 })),
    ];
    if (i % 2 === 1) pair.reverse();
    for (const step of pair) step();
  }
  for (const r of withStreams) {
    if (r.dropped !== 0) throw new Error(`${r.dropped} of ${STREAMS} streams were dropped though their clients read`);
  }
  return [
    summarize({
      measure: `${TASKS.toLocaleString('en-US')} no-op tasks due at one instant, ${STREAMS} event streams open`,
      unit: 'tasks/s',
      runs: withStreams.map((r) => r.perSec),
      vs: { label: 'no stream open', runs: without.map((r) => r.perSec) },
      note: 'issue #17 measured 22.7× longer (0.044×) before events were sent in bursts',
    }),
    summarize({
      measure: '… writes to the streams (one per stream per burst of events)',
      unit: 'writes',
      runs: withStreams.map((r) => r.writes),
    }),
    summarize({ measure: '… bytes the clients received', unit: 'bytes', runs: withStreams.map((r) => r.bytes) }),
  ];
}

module.exports = {
  title: 'Dashboard event streams (issue #17)',
  about:
    'Real system clock; the throughput app (`concurrency: 200, batchSize: 500`), SQLite in a fresh data folder; `createHttpHandler` in the worker process, the streams opened and read by a second process (`bench/workers/sseClients.js`), all open before the scheduler starts.',
  run,
};
