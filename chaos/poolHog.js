'use strict';
/**
 * The `poolHog` fault of a chaos run on PostgreSQL: task code that exhausts its worker's pool.
 * run.js adds the hog to the app ({@link writePoolHogApp}); faults.js lists the fault. A task of
 * `tasks.PoolHog` (written into the database by the coordinator, due at once) keeps every
 * connection of `databases.Default`'s pool busy with short `pg_sleep`s, and so many more queued
 * behind them that any other query of that pool waits about two leases, for three leases; it
 * stops when its signal fires. The scheduler's own statements must not wait with them: were they
 * in that pool, every lease of the worker would be given up and its runs reaped, ended or not.
 */
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { jittaskEntry, LEASE_SECONDS } = require('./app');
const { query } = require('../bench/lib/pg');

const TEMPLATE = 'tasks.PoolHog';
/** How long one hog query sleeps, and how long a hog keeps issuing them. */
const QUERY_SECONDS = 0.5;
const HOG_SECONDS = 3 * LEASE_SECONDS;
/** How long any other query of the pool waits behind the hog's. */
const WAIT_SECONDS = 2 * LEASE_SECONDS;

function write(dir, file, text) {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** Adds the hog's service and template to the chaos app in `appDir`. */
function writePoolHogApp(appDir) {
  write(appDir, 'elements/services/PoolHog/e.yaml', [
    'title: Task code that exhausts the pool',
    'type: services.NormalType',
    'functionList:',
    '  - { name: hog, args: [{ name: seconds, dataType: Numeric, required: true }], returnType: JitDict }',
    '',
  ].join('\n'));
  write(appDir, 'elements/services/PoolHog/index.js', `'use strict';
const { currentTask } = require(${JSON.stringify(jittaskEntry())});

const QUERY_SECONDS = ${QUERY_SECONDS};
const WAIT_SECONDS = ${WAIT_SECONDS};

module.exports = (Base) => class PoolHog extends Base {
  async hog(seconds) {
    const { signal } = currentTask();
    const element = this.app.getElement('databases.Default');
    const poolSize = Number(element.config.poolSize ?? 10);
    // poolSize queries run; the rest wait, so that a newcomer waits about WAIT_SECONDS.
    const lanes = poolSize + Math.ceil((poolSize * WAIT_SECONDS) / QUERY_SECONDS);
    const until = Date.now() + seconds * 1000;
    let queries = 0;
    const lane = async () => {
      while (Date.now() < until && !signal.aborted) {
        await element.database.query('SELECT pg_sleep($1)', [QUERY_SECONDS]);
        queries++;
      }
    };
    const running = Promise.all(Array.from({ length: lanes }, lane));
    running.catch(() => {}); // after an abort its failures are nobody's
    const aborted = new Promise((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    await Promise.race([running, aborted]);
    return { lanes, queries };
  }
};
`);
  write(appDir, 'elements/tasks/PoolHog/e.yaml', [
    'title: Exhausts the pool of its worker',
    'type: tasks.NormalType',
    'funcType: Global',
    'func: services.PoolHog.hog',
    `argDict: { seconds: ${HOG_SECONDS} }`,
    'enable: 0',
    'timerCfg: { startTime: "2024-01-01 00:00:00" }',
    '',
  ].join('\n'));
}

/**
 * The fault, an entry of faults.js's list (PostgreSQL only): writes a task of the hog, due now,
 * into the run's database, as another process's create would; whichever worker claims it is hogged.
 */
const POOL_HOG_FAULT = {
  kind: 'poolHog',
  weight: 1,
  applies: ({ options }) => options.backend === 'pg',
  async inject({ run }) {
    const taskId = randomUUID();
    const now = Date.now();
    await query(
      run.dbUrl,
      `INSERT INTO jittask_tasks (task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, attempt, created_at)
       VALUES ($1, $2, 'tasks.NormalType', 'services.PoolHog.hog', $3, $4, 'pending', 'manual', 1, $4)`,
      [taskId, TEMPLATE, JSON.stringify({ seconds: HOG_SECONDS }), now],
    );
    run.log({ ev: 'fault', kind: 'poolHog', taskId });
  },
};

module.exports = { writePoolHogApp, POOL_HOG_FAULT };
