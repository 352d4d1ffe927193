'use strict';
/**
 * A fault-injection run of the scheduler: several worker processes of a generated app, a workload
 * creator, and faults at random; then a drain and the checker (check.js).
 *
 *   npm run chaos -- [--backend sqlite|pg] [--minutes N] [--workers N] [--restart-db] [--record]
 *                    [--package DIR]
 *
 * `--package` tests the jittask package in DIR (built, with its dist/) instead of this checkout.
 * Faults (faults.js, where a new one is added): `kill` (kill -9 of a worker; a new one replaces
 * it), `stop` (SIGSTOP of a worker for 1.3 to 2 leases, then SIGCONT: a partition, as the others
 * see it), `block` (a worker's own event loop blocked for just over a lease inside its
 * retry-template runs, which then return "ok"), on PostgreSQL `poolHog` (task code that keeps a
 * worker's pool busy for three leases, poolHog.js) and `pgTerminate` (pg_terminate_backend of every
 * connection of the app's database) and, with --restart-db, `restartDb` (a restart of the server,
 * at most one every 30 s). After the
 * faults: the creator stops, stopped workers continue, the pool is refilled, and the run waits
 * until nothing is running or overdue; then the workers get SIGTERM. Prints one line per count and
 * exits 1 if any is not 0 (2 if the run itself failed). `--record` adds a row to RELIABILITY.md.
 * Every wait has a limit, and every process started here is killed at the end, also on failure.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { writeChaosApp, TEMPLATES, LEASE_SECONDS, SHUTDOWN_GRACE_SECONDS } = require('./app');
const { writePoolHogApp } = require('./poolHog');
const { checkRun, formatReport, COUNTS } = require('./check');
const { readStore } = require('./db');
const { openLog, readLogs } = require('./log');
const { FAULTS, pickFault } = require('./faults');
const { withDatabase } = require('../bench/lib/pg');

const LEASE_MS = LEASE_SECONDS * 1000;
const DRAIN_LIMIT_MS = 4 * LEASE_MS + 30_000;
const EXIT_LIMIT_MS = SHUTDOWN_GRACE_SECONDS * 1000 + 5000;
const START_LIMIT_MS = 30_000;

/** Every process set of this run, killed when this process exits, however it exits. */
const ALL = new Set();
process.on('exit', () => { for (const procs of ALL) procs.killAll(); });
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

function parseArgs(argv) {
  const options = { backend: 'sqlite', minutes: 2, workers: 3, restartDb: false, record: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backend') options.backend = argv[++i];
    else if (a === '--minutes') options.minutes = Number(argv[++i]);
    else if (a === '--workers') options.workers = Number(argv[++i]);
    else if (a === '--restart-db') options.restartDb = true;
    else if (a === '--record') options.record = true;
    else if (a === '--package') options.packageDir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['sqlite', 'pg'].includes(options.backend)) throw new Error('--backend is sqlite or pg');
  if (!(options.minutes > 0 && options.minutes <= 60)) throw new Error('--minutes is a number in (0, 60]');
  if (!(Number.isInteger(options.workers) && options.workers >= 2 && options.workers <= 10)) throw new Error('--workers is an integer from 2 to 10');
  if (options.restartDb && options.backend !== 'pg') throw new Error('--restart-db needs --backend pg');
  return options;
}

/** Polls `ready()` every 100 ms until it is true; fails after `limitMs` with `what`. */
async function waitUntil(ready, limitMs, what) {
  const until = Date.now() + limitMs;
  while (!(await ready())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${limitMs / 1000} s`);
    await sleep(100);
  }
}

/** The processes of the run: started, faulted, and all ended at the end, whatever happened. */
class Processes {
  constructor(run) {
    this.run = run;
    this.children = new Map();
    ALL.add(this);
  }

  start(role) {
    const script = path.join(__dirname, `${role}.js`);
    const out = fs.openSync(path.join(this.run.outDir, `${role}-${Date.now()}.out`), 'a');
    const child = spawn(process.execPath, [script, this.run.appDir, this.run.dataDir, this.run.logDir], {
      stdio: ['ignore', out, out],
      env: { ...process.env, DATABASE_URL: this.run.dbUrl ?? '' },
    });
    fs.closeSync(out);
    const entry = { child, role, pid: child.pid, exited: false, stopped: false };
    child.on('exit', () => { entry.exited = true; });
    this.children.set(child.pid, entry);
    this.run.log({ ev: 'spawn', role, target: child.pid });
    return entry;
  }

  /** Workers alive, and of those the ones not frozen. */
  workers() {
    return [...this.children.values()].filter((c) => c.role === 'worker' && !c.exited);
  }

  signal(entry, sig) {
    if (!entry.exited) entry.child.kill(sig);
  }

  /** SIGTERM, and SIGKILL after `limitMs` if it has not exited by then. */
  async terminate(entry, limitMs) {
    if (entry.exited) return;
    this.signal(entry, 'SIGCONT');
    this.signal(entry, 'SIGTERM');
    const done = await Promise.race([
      new Promise((resolve) => entry.child.once('exit', () => resolve(true))),
      sleep(limitMs).then(() => false),
    ]);
    if (!done && !entry.exited) {
      this.run.log({ ev: 'termTimeout', target: entry.pid });
      this.signal(entry, 'SIGKILL');
    }
  }

  killAll() {
    for (const entry of this.children.values()) {
      this.signal(entry, 'SIGCONT');
      this.signal(entry, 'SIGKILL');
    }
  }
}

/** Waits until a `started` (worker) or `up` (creator) line of process `pid` is in the logs. */
function logged(logDir, pid, ev) {
  return readLogs(logDir).some((f) => f.pid === pid && f.ev === ev);
}

/** Nothing running and nothing overdue in the database: the run has drained. */
async function drained(run) {
  try {
    const { tasks } = await readStore(run);
    const now = Date.now();
    return !tasks.some((t) => t.status === 'running' || (t.status === 'pending' && t.due_at <= now));
  } catch {
    return false; // the database is still coming back
  }
}

async function injectFaults(run, procs, options) {
  const end = Date.now() + options.minutes * 60_000;
  const state = {};
  while (Date.now() < end) {
    await sleep(1500 + Math.random() * 2000);
    // Refill: a killed worker, or one that failed to start while the database was faulted.
    while (procs.workers().length < options.workers) procs.start('worker');
    const fault = pickFault({ run, procs, options, state });
    if (fault) await fault.inject({ run, procs, options, state });
  }
}

async function chaos(options, dbUrl) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `jittask-chaos-${options.backend}-`));
  const run = {
    appDir: path.join(root, 'app'), dataDir: path.join(root, 'data'), logDir: path.join(root, 'log'), outDir: path.join(root, 'out'),
    backend: options.backend, dbUrl, dbFile: options.backend === 'sqlite' ? path.join(root, 'data', 'databases', 'Default', 'data.db') : undefined,
  };
  for (const dir of [run.appDir, run.dataDir, run.logDir, run.outDir]) fs.mkdirSync(dir, { recursive: true });
  writeChaosApp(run.appDir, options.backend);
  if (options.backend === 'pg') writePoolHogApp(run.appDir);
  run.log = openLog(run.logDir, 'coordinator');
  console.log(`chaos: ${options.backend}, ${options.minutes} min, ${options.workers} workers; run folder ${root}`);
  const procs = new Processes(run);
  const meta = { backend: options.backend, dbFile: run.dbFile, dbUrl, leaseSeconds: LEASE_SECONDS, series: TEMPLATES.series, minutes: options.minutes, workers: options.workers };
  try {
    // The first worker migrates the database alone; then the others and the creator join.
    const first = procs.start('worker');
    await waitUntil(() => logged(run.logDir, first.pid, 'started') || first.exited, START_LIMIT_MS, 'first worker start');
    if (first.exited) throw new Error(`the first worker exited at start: see ${run.outDir}`);
    for (let i = 1; i < options.workers; i++) procs.start('worker');
    const creator = procs.start('creator');
    await waitUntil(() => logged(run.logDir, creator.pid, 'up') || creator.exited, START_LIMIT_MS, 'creator start');
    if (creator.exited) throw new Error(`the creator exited at start: see ${run.outDir}`);

    await injectFaults(run, procs, options);

    run.log({ ev: 'drain' });
    await procs.terminate(creator, 15_000);
    for (const w of procs.workers()) {
      procs.signal(w, 'SIGCONT');
      w.stopped = false;
    }
    while (procs.workers().length < options.workers) procs.start('worker');
    let drainedAt = null;
    try {
      await waitUntil(async () => (await drained(run)) && (drainedAt = Date.now()) !== null, DRAIN_LIMIT_MS, 'drain');
    } catch (err) {
      console.log(`chaos: ${err.message}; checking what is there`);
    }
    meta.drainedAt = drainedAt ?? undefined;
    meta.stoppedAt = Date.now();
    run.log({ ev: 'stopWorkers' });
    await Promise.all(procs.workers().map((w) => procs.terminate(w, EXIT_LIMIT_MS)));
  } finally {
    procs.killAll();
  }
  fs.writeFileSync(path.join(root, 'run.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const report = await checkRun(root);
  fs.writeFileSync(path.join(root, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return { root, report };
}

/** A row of RELIABILITY.md's table. */
function recordRow(options, report) {
  const { totals, counts } = report;
  const faults = FAULTS.map((f) => totals.faults[f.kind] ?? 0).join(' / ');
  const command = `npm run chaos -- --backend ${options.backend} --minutes ${options.minutes} --workers ${options.workers}${options.restartDb ? ' --restart-db' : ''}${options.packageDir ? ` --package ${options.packageDir}` : ''}`;
  const row = [new Date().toISOString().slice(0, 16).replace('T', ' '), `\`${command}\``, faults, totals.created, totals.runs, totals.completed, ...COUNTS.map((c) => counts[c])];
  fs.appendFileSync(path.join(__dirname, '..', 'RELIABILITY.md'), `| ${row.join(' | ')} |\n`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Read by app.js here and in every process started (their environment is this one's).
  if (options.packageDir) process.env.CHAOS_JITTASK_ROOT = options.packageDir;
  // The whole run is bounded: faults, drain, shutdown, check, and a margin.
  const limitMs = options.minutes * 60_000 + DRAIN_LIMIT_MS + 120_000;
  let timer;
  const overTime = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`chaos run over its ${limitMs / 1000} s limit`)), limitMs); });
  const body = options.backend === 'pg' ? withDatabase((url) => chaos(options, url)) : chaos(options, undefined);
  // Over time: end every process, so the run's own waits fail fast and its clean-up (dropping the
  // PostgreSQL database) still happens, within a last limit.
  const stopped = overTime.catch(async (err) => {
    for (const procs of ALL) procs.killAll();
    await Promise.race([body.catch(() => {}), sleep(15_000)]);
    throw err;
  });
  try {
    const { root, report } = await Promise.race([body, stopped]);
    console.log(formatReport(report));
    for (const c of COUNTS) if (report.details[c].length) console.log(`  ${c}, e.g.: ${JSON.stringify(report.details[c].slice(0, 2))}`);
    console.log(`chaos: logs${options.backend === 'sqlite' ? ', the SQLite file' : ''} and report.json in ${root}`);
    if (options.record) recordRow(options, report);
    return COUNTS.some((c) => report.counts[c] !== 0) ? 1 : 0;
  } finally {
    clearTimeout(timer);
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error('chaos: the run failed:', err);
  process.exit(2);
});
