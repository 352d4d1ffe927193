'use strict';
/**
 * Issue #4: date-field tasks. Backfill: a model holding 100,000 rows (written straight into its
 * table by one process of the app without the template), then a fresh process of the same app
 * with a NEW date-field template on it; the time of `app.start()`, by whose end every row has its
 * pending task. Updates: one process, a model followed by one date-field template beside a model
 * of the same fields and rows followed by none; 2,000 updates of the date field on each, then of
 * an unrelated field, in alternation, per round.
 */
const path = require('node:path');
const { writeDateFieldApp, DATE_FIELD } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { TMP } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 3;
const ROWS = 100_000;
const UPDATES = 2_000;
const UPDATE_ROUNDS = 5;

async function run() {
  const before = writeDateFieldApp('dateField-app', { withTemplate: false });
  const after = writeDateFieldApp('dateField-app-new', { withTemplate: true });
  const dataDir = path.join(TMP, 'dateField-data');
  const backfill = [];
  for (let i = 0; i < REPS; i++) {
    const filled = runWorker('dateField.js', ['fill', before, dataDir, ROWS, DATE_FIELD.followed], { timeoutMs: 120_000 });
    console.log(`wrote ${ROWS.toLocaleString('en-US')} rows in ${filled.seconds.toFixed(1)} s`);
    backfill.push(runWorker('dateField.js', ['backfill', after, dataDir, ROWS], { timeoutMs: 300_000 }));
  }

  runWorker('dateField.js', ['fill', after, dataDir, UPDATES, `${DATE_FIELD.followed},${DATE_FIELD.plain}`], { timeoutMs: 120_000 });
  const u = runWorker('dateField.js', ['update', after, dataDir, UPDATES, UPDATE_ROUNDS], { timeoutMs: 300_000 });
  const f = runWorker('dateField.js', ['floor', '-', path.join(TMP, 'dateField-floor'), UPDATES, UPDATE_ROUNDS], { timeoutMs: 300_000 });

  const fmt = (n) => n.toLocaleString('en-US');
  const plain = (runs) => ({ label: 'the same model without a template', runs });
  return [
    summarize({
      measure: `backfill: app.start() with a new date-field template on a model of ${fmt(ROWS)} rows, until all ${fmt(ROWS)} tasks are pending`,
      unit: 's',
      runs: backfill.map((r) => r.seconds),
      goal: { text: '< 5 s', met: (m) => m < 5 },
    }),
    summarize({
      measure: `… reading the ${fmt(ROWS)} rows alone (model.query(), after the start)`,
      unit: 's',
      runs: backfill.map((r) => r.querySeconds),
    }),
    summarize({
      measure: `update of the date field, ${fmt(UPDATES)} rows × ${UPDATE_ROUNDS} rounds, model with one date-field template`,
      unit: 'µs/update',
      runs: u.dateFollowed,
      vs: plain(u.datePlain),
      goal: { text: '≤ 2× without', met: (_m, ratio) => ratio <= 2 },
    }),
    summarize({
      measure: '… update of an unrelated field (title) on the same models',
      unit: 'µs/update',
      runs: u.titleFollowed,
      vs: plain(u.titlePlain),
    }),
    summarize({
      measure:
        "floor: the same date moves in raw better-sqlite3 on jittask's schema, no jittask code (row update + the task store's find, delete, insert of the task; one committed transaction each)",
      unit: 'µs/update',
      runs: f.withTask,
      vs: { label: 'the row update alone', runs: f.alone },
    }),
  ];
}

module.exports = {
  title: 'Date-field tasks (issue #4)',
  about:
    "SQLite default database. Models of fields title (Stext), startTime (Datetime), status (Stext), all rows confirmed; the template `tasks.Reminder` runs an Inner no-op 15 minutes before each confirmed meeting (filter `status: confirmed`), all due days ahead. Backfill: fresh data and processes per repetition. Updates: one process, the scheduler started, a warm-up round not recorded; each update moves the row's task (the date changes every round); the ratio is per round.",
  run,
};
