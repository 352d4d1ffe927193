'use strict';
/**
 * Issue #2: cached `app.getElement(name)` against a plain `Map.get` over the same names, in
 * alternation within one process, after every instance was created once.
 */
const path = require('node:path');
const { writeLoadApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { TMP } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 5;

async function run() {
  const appDir = writeLoadApp('getElement-app', { configOnly: 1000, withCode: 100 });
  const r = runWorker('runtime.js', ['getElement', appDir, path.join(TMP, 'getElement-data'), REPS]);
  return [
    summarize({
      measure: `cached getElement, ${r.names.toLocaleString('en-US')} names × 200 rounds per repetition`,
      unit: 'ns/call',
      runs: r.getElementNs,
      vs: { label: 'Map.get', runs: r.mapGetNs },
      goal: { text: '≤ 3× Map.get', met: (_m, ratio) => ratio <= 3 },
    }),
  ];
}

module.exports = {
  title: 'Cached getElement (issue #2)',
  about:
    'The same app loaded once; `app.getElement(name)` over every instance name (all already created) in alternation with `Map.get` over the same names holding the same objects, taking turns every 10 rounds; 3 warm-up repetitions not recorded.',
  run,
};
