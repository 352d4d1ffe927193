'use strict';
/**
 * Issue #2: loading an app of 1,000 configured services and 100 coded ones, and resolving every
 * instance, in a fresh process per repetition.
 */
const path = require('node:path');
const { writeLoadApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { TMP } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 5;

async function run() {
  const appDir = writeLoadApp('load-app', { configOnly: 1000, withCode: 100 });
  const runs = [];
  for (let i = 0; i < REPS; i++) runs.push(runWorker('runtime.js', ['load', appDir, path.join(TMP, 'load-data')]));
  const n = runs[0].instances.toLocaleString('en-US');
  return [
    summarize({
      measure: `loadApp + getElement on all ${n} instances (1,000 config-only, 100 with code)`,
      unit: 's',
      runs: runs.map((r) => (r.loadAppMs + r.resolveMs) / 1000),
      goal: { text: '< 0.5 s', met: (m) => m < 0.5 },
    }),
    summarize({ measure: '… of which loadApp', unit: 's', runs: runs.map((r) => r.loadAppMs / 1000) }),
    summarize({ measure: '… of which getElement on each instance (first use)', unit: 's', runs: runs.map((r) => r.resolveMs / 1000) }),
    summarize({ measure: "require('jittask') before it (not in the goal)", unit: 's', runs: runs.map((r) => r.requireMs / 1000) }),
  ];
}

module.exports = {
  title: 'Runtime load (issue #2)',
  about:
    'A generated app (extends jittask) with 1,000 config-only services (functionList + config, of one Type with code) and 100 services with a `.js` module. Each repetition is a fresh process: `loadApp`, then `getElement` on every instance.',
  run,
};
