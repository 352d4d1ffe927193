'use strict';
/**
 * The faults of a chaos run, one entry each. run.js picks one at random every 1.5 to 3.5 s among
 * those that apply (an entry of weight 2 is picked twice as often) and calls its `inject`.
 *
 * To add a fault:
 *  1. add an entry here (`kind` is its name in the logs, the report and RELIABILITY.md's table);
 *  2. if it acts inside a worker (what a process cannot be made to do from outside: block its own
 *     event loop, fill its own pool), arm it from `inject` with a signal and add its handler to
 *     workerFaults.js, which the worker and the task functions (taskBody.js) read;
 *  3. if it makes a breach legitimate for a while (a process that cannot act, the database away),
 *     teach check.js, whose `faultsByTarget` turns the facts a fault logs into frozen periods.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { LEASE_SECONDS } = require('./app');
const { BLOCK_WINDOW_MS, BLOCK_SIGNAL } = require('./workerFaults');
const { POOL_HOG_FAULT } = require('./poolHog');
const { query } = require('../bench/lib/pg');

const LEASE_MS = LEASE_SECONDS * 1000;
/** At most one server restart this often. */
const RESTART_EVERY_MS = 30_000;

function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

/** Workers alive and not frozen by a fault: the ones a fault may hit. */
function awake(procs) {
  return procs.workers().filter((w) => !w.stopped);
}

/** Awake workers whose handlers of in-worker faults are installed (workerFaults.js). */
function armable(run, procs) {
  return awake(procs).filter((w) => {
    try {
      return fs.readFileSync(path.join(run.logDir, `worker-${w.pid}.jsonl`), 'utf8').includes('"ev":"faultsReady"');
    } catch {
      return false; // no log yet: the process has not got that far
    }
  });
}

/**
 * Marks `w` as frozen for `ms`: no other fault hits it meanwhile, and one worker always stays
 * unfrozen (the callers check that first).
 */
function freezeFor(w, ms, onThaw = () => {}) {
  w.stopped = true;
  setTimeout(() => {
    onThaw();
    w.stopped = false;
  }, ms).unref();
}

/**
 * @typedef {object} FaultContext
 * @property {object} run the run (log, dbUrl, …; see run.js)
 * @property {object} procs its processes (see run.js's Processes)
 * @property {object} options the run's options (backend, restartDb, …)
 * @property {object} state what faults keep between picks (e.g. the last restart)
 */

/** @type {Array<{ kind: string, weight: number, applies(ctx: FaultContext): boolean, inject(ctx: FaultContext): Promise<void> | void }>} */
const FAULTS = [
  {
    // kill -9 of a worker (run.js starts a new one at its next pick).
    kind: 'kill',
    weight: 1,
    applies: ({ procs }) => awake(procs).length > 0,
    inject({ run, procs }) {
      const w = pick(awake(procs));
      run.log({ ev: 'fault', kind: 'kill', target: w.pid });
      procs.signal(w, 'SIGKILL');
    },
  },
  {
    // SIGSTOP for 1.3 to 2 leases, then SIGCONT: a partition or a stopped machine, as others see it.
    kind: 'stop',
    weight: 2,
    applies: ({ procs }) => awake(procs).length > 1,
    inject({ run, procs }) {
      const w = pick(awake(procs));
      run.log({ ev: 'fault', kind: 'stop', target: w.pid });
      procs.signal(w, 'SIGSTOP');
      freezeFor(w, LEASE_MS * (1.3 + Math.random() * 0.7), () => {
        run.log({ ev: 'fault', kind: 'cont', target: w.pid });
        procs.signal(w, 'SIGCONT');
      });
    },
  },
  {
    // The worker's own event loop blocked for just over a lease inside each retry-template run
    // that ends within the next BLOCK_WINDOW_MS, which then returns "ok" (CPU-bound task code): the
    // process itself is alive, sees its leases lapse, and must still record the run's "ok".
    // The worker logs each block (`blocked`), which check.js reads as a frozen period.
    kind: 'block',
    weight: 1,
    applies: ({ run, procs }) => awake(procs).length > 1 && armable(run, procs).length > 0,
    inject({ run, procs }) {
      const w = pick(armable(run, procs));
      run.log({ ev: 'fault', kind: 'block', target: w.pid });
      procs.signal(w, BLOCK_SIGNAL);
      // The window, and a block begun at its very end (at most 1.4 leases, see workerFaults.js).
      freezeFor(w, BLOCK_WINDOW_MS + 1.4 * LEASE_MS);
    },
  },
  {
    // pg_terminate_backend of every connection of the app's database.
    kind: 'pgTerminate',
    weight: 1,
    applies: ({ options }) => options.backend === 'pg',
    async inject({ run }) {
      const rows = await query(
        run.dbUrl,
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      run.log({ ev: 'fault', kind: 'pgTerminate', connections: rows.length });
    },
  },
  {
    // A restart of the PostgreSQL server (--restart-db only).
    kind: 'restartDb',
    weight: 1,
    applies: ({ options, state }) => options.restartDb && Date.now() - (state.lastRestart ?? -Infinity) > RESTART_EVERY_MS,
    inject({ run, state }) {
      state.lastRestart = Date.now();
      run.log({ ev: 'fault', kind: 'restartDb' });
      const version = fs.readdirSync('/etc/postgresql')[0];
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { timeout: 60_000, stdio: 'ignore' });
      run.log({ ev: 'restartedDb' });
    },
  },
  // Task code that keeps a worker's pool busy for three leases (PostgreSQL; see poolHog.js).
  POOL_HOG_FAULT,
];

/** One fault among those that apply now, by weight; null if none does. */
function pickFault(ctx) {
  const weighted = FAULTS.filter((f) => f.applies(ctx)).flatMap((f) => Array(f.weight).fill(f));
  return weighted.length > 0 ? pick(weighted) : null;
}

module.exports = { FAULTS, pickFault, LEASE_MS };
