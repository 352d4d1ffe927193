'use strict';
/**
 * Issue #20: how far firing is from the database floor. 100,000 no-op tasks due at one instant,
 * run by jittask's scheduler, against the bare driver (better-sqlite3, pg) running jittask's own
 * statements (the store's exported CLAIM_SQL, FINISH_SQL and history entry) on jittask's schema,
 * batch by batch as the engine does: claim, call each no-op, finish the batch in one transaction,
 * until none is left. Both sides start from a store written the same way (migrated by jittask,
 * filled with its store's `insert`); the sides alternate, taking turns at going first.
 */
const { writeTaskApp, writePgApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { withDatabase } = require('./lib/pg');
const { summarize } = require('./lib/report');

/** Each repetition fires 5 × 100,000 tasks (about 2 minutes on the shared 2-core machine): 3 keep the benchmark near 6 minutes. */
const REPS = 3;
const TASKS = 100_000;
/** SQLite: the throughput app's settings (concurrency 200, batchSize 500): claims of 200, its free slots. */
const SQLITE_BATCH = 200;
/** PostgreSQL: the pg benchmark's settings (concurrency 1,000, batchSize 500): claims of 500, two batches in flight. */
const PG_BATCH = 500;

function sqlite(side, appDir) {
  const args =
    side === 'jittask'
      ? ['jittask-sqlite', appDir, freshDir('floor-data'), TASKS]
      : ['raw-sqlite', appDir, freshDir('floor-data'), TASKS, SQLITE_BATCH];
  return runWorker('floor.js', args, { timeoutMs: 300_000 }).perSec;
}

function pg(side, appDir, loops) {
  return withDatabase(async (url) => {
    const args = side === 'jittask' ? ['jittask-pg', appDir, url, TASKS] : ['raw-pg', appDir, url, TASKS, PG_BATCH, loops];
    return runWorker('floor.js', args, { timeoutMs: 300_000 }).perSec;
  });
}

async function run() {
  const sqliteApp = writeTaskApp('floor-app');
  const pgApp = writePgApp('floor-pg-app');
  const ours = { sqlite: [], pg: [] };
  const raw = { sqlite: [], pg1: [], pg2: [] };
  for (let i = 0; i < REPS; i++) {
    // Taking turns at going first, so a drift of the shared machine does not fall on one side.
    const jittaskFirst = i % 2 === 0;
    const sides = jittaskFirst ? ['jittask', 'raw'] : ['raw', 'jittask'];
    for (const side of sides) {
      if (side === 'jittask') ours.sqlite.push(sqlite('jittask', sqliteApp));
      else raw.sqlite.push(sqlite('raw', sqliteApp));
    }
    for (const side of sides) {
      if (side === 'jittask') ours.pg.push(await pg('jittask', pgApp));
      else {
        raw.pg1.push(await pg('raw', pgApp, 1));
        raw.pg2.push(await pg('raw', pgApp, 2));
      }
    }
    console.log(
      `repetition ${i + 1}: SQLite ${Math.round(ours.sqlite[i])} vs ${Math.round(raw.sqlite[i])}; ` +
        `PostgreSQL ${Math.round(ours.pg[i])} vs ${Math.round(raw.pg1[i])} (1 loop), ${Math.round(raw.pg2[i])} (2 loops) tasks/s`,
    );
  }
  const fmt = TASKS.toLocaleString('en-US');
  return [
    summarize({
      measure: `SQLite: ${fmt} no-op tasks due at one instant, claims of ${SQLITE_BATCH}`,
      unit: 'tasks/s',
      runs: ours.sqlite,
      vs: { label: 'raw better-sqlite3, same statements', runs: raw.sqlite },
      goal: { text: '≥ 0.6× the floor', met: (_m, ratio) => ratio >= 0.6 },
    }),
    summarize({
      measure: `PostgreSQL: ${fmt} no-op tasks due at one instant, claims of ${PG_BATCH}`,
      unit: 'tasks/s',
      runs: ours.pg,
      vs: { label: 'raw pg, same statements, 1 loop', runs: raw.pg1 },
    }),
    summarize({
      measure: '… the same against 2 loops in flight',
      unit: 'tasks/s',
      runs: ours.pg,
      vs: { label: 'raw pg, same statements, 2 loops', runs: raw.pg2 },
      goal: { text: '≥ 0.9× the two-loop floor', met: (_m, ratio) => ratio >= 0.9 },
    }),
  ];
}

module.exports = {
  title: 'Firing against the database floor (issue #20)',
  about: [
    `${TASKS.toLocaleString('en-US')} no-op tasks (an Inner no-op template) due at one instant, written by jittask's store into a database migrated by jittask.`,
    'jittask: the app started, timed until the engine has reported the end of the last one; SQLite: `settings.scheduler: { concurrency: 200, batchSize: 500 }`',
    '(claims of 200), a fresh data folder; PostgreSQL: `{ concurrency: 1000, batchSize: 500 }` (two batches in flight), a fresh database.',
    "Raw: the bare driver running the store's own statements (CLAIM_SQL, FINISH_SQL, the history entry) per batch, as the engine does:",
    'claim (with the `started` entries), call each no-op with its parsed arguments, finish the batch in one transaction, until a claim',
    `comes back empty; better-sqlite3 synchronously with claims of ${SQLITE_BATCH} (opened with jittask's pragmas), pg with claims of ${PG_BATCH},`,
    'one loop or two loops in parallel on a connection each. The sides alternate in one run, taking turns at going first.',
  ].join(' '),
  run,
};
