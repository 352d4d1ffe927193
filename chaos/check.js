'use strict';
/**
 * The checker of a chaos run: reads the run's append-only logs and its database and counts the
 * breaches of the scheduler's guarantees. Every count must be 0.
 *
 *   node chaos/check.js <runDir>      (the run's run.json names its database; exit 1 if a count is not 0)
 *
 * Facts it reads from the logs (see run.js, worker.js, creator.js, taskBody.js):
 *  - coordinator: `fault` ({ kind: kill | stop | cont | block | pgTerminate | restartDb, target }), `spawn`;
 *  - creator: `created` (taskIds);
 *  - task functions: `begin`, `return`, `throw`, `abort` with taskId, attempt and a token that is
 *    also in the returned value or error message; `blocked` (ms) when a `block` fault made the run
 *    block its process's event loop, which counts as a stop of that process for `ms`;
 *  - workers: `event` (the engine's events: started, ended, leaseLost, late, …).
 */
const fs = require('node:fs');
const path = require('node:path');
const { readLogs } = require('./log');
const { readStore } = require('./db');

/** The counts, in the order they are printed. */
const COUNTS = ['lost', 'overlap', 'startedLate', 'series', 'lateNotRecorded', 'falseLost', 'successLost'];
/** A pending task due this long before the drain ended should have run (poll interval and a margin). */
const DUE_TOLERANCE_MS = 2000;
const WORKER_LOST = /^worker lost/;
/** After SIGCONT, the time a process gets to notice that its leases lapsed while it was frozen. */
const RESUME_GRACE_MS = 250;

/**
 * The runs of task functions from the logs: one per `begin`, closed by the next return, throw or
 * abort of that task in that process; `leaseLostAt` from the process's `leaseLost` event.
 */
function collectRuns(facts) {
  const runs = [];
  const open = new Map();
  for (const f of facts) {
    const key = `${f.pid}:${f.taskId}`;
    if (f.ev === 'begin') {
      const run = { taskId: f.taskId, attempt: f.attempt, fullName: f.fullName, pid: f.pid, token: f.token, begin: f.t, end: null, outcome: null, leaseLostAt: null, endedLogged: false, lateLogged: false };
      runs.push(run);
      open.set(key, run);
    } else if (f.ev === 'return' || f.ev === 'throw' || f.ev === 'abort') {
      const run = open.get(key);
      if (run && run.end === null && run.token === f.token) {
        run.end = f.t;
        run.outcome = f.ev;
      }
    } else if (f.ev === 'event') {
      const run = open.get(key);
      if (!run) continue;
      if (f.kind === 'leaseLost' && run.leaseLostAt === null) run.leaseLostAt = f.t;
      if (f.kind === 'ended' && run.end !== null) run.endedLogged = true;
      if (f.kind === 'late') run.lateLogged = true;
    }
  }
  return runs;
}

/**
 * The faults that hit each process, by kind: times (`kill`, `stop`, `cont`), and `block`, the
 * periods { from, to } in which a task function blocked the process's event loop (its `blocked`
 * facts, of `ms` each): frozen as a SIGSTOP would have frozen it.
 */
function faultsByTarget(facts) {
  const byPid = new Map();
  const entryOf = (pid) => {
    if (!byPid.has(pid)) byPid.set(pid, { kill: [], stop: [], cont: [], block: [] });
    return byPid.get(pid);
  };
  for (const f of facts) {
    if (f.ev === 'blocked') entryOf(f.pid).block.push({ from: f.t, to: f.t + f.ms });
    else if (f.ev === 'fault' && f.target !== undefined) entryOf(f.target)[f.kind]?.push(f.t);
  }
  return byPid;
}

/** When faults began to hit process `pid`: its kills, stops and blocks. */
function hitTimes(faults, pid) {
  const f = faults.get(pid);
  return f ? [...f.kill, ...f.stop, ...f.block.map((b) => b.from)] : [];
}

/**
 * The frozen periods of every process: [stop, cont] (a stop never continued lasts until the end)
 * and its blocks.
 */
function stoppedPeriods(faults) {
  const periods = [];
  for (const [pid, { stop, cont, block }] of faults) {
    for (const s of stop) periods.push({ pid, from: s, to: cont.find((c) => c > s) ?? Infinity });
    for (const b of block) periods.push({ pid, ...b });
  }
  return periods.sort((a, b) => a.from - b.from);
}

/**
 * Until when a run held its lease as its owner sees it: its end, its `leaseLost`, its process's
 * kill -9, or, for a process frozen by SIGSTOP, two thirds of the lease after the freeze (the
 * owner renews every third of the lease, so its last renewal was at most a third before it).
 */
function validUntil(run, faults, stops, leaseMs, lastFactOf) {
  const candidates = [run.end ?? Infinity, run.leaseLostAt ?? Infinity];
  const f = faults.get(run.pid);
  if (f) {
    const kill = f.kill.find((t) => t >= run.begin);
    if (kill !== undefined) candidates.push(kill);
  }
  const stop = stops.find((s) => s.pid === run.pid && s.from >= run.begin && s.from < (run.end ?? Infinity));
  if (stop) candidates.push(stop.from + (leaseMs * 2) / 3);
  const until = Math.min(...candidates);
  return until === Infinity ? lastFactOf.get(run.pid) ?? Infinity : until;
}

/**
 * The times a run acted as the holder of its lease, as [from, to] segments: from its begin until its
 * end, its `leaseLost` or its process's kill, less the periods its process was frozen; after a
 * freeze, from {@link RESUME_GRACE_MS} on (the owner's first turn of its event loop, in which it
 * can notice the lapsed lease).
 */
function holdingSegments(run, faults, stops, leaseMs, lastFactOf) {
  const candidates = [run.end ?? Infinity, run.leaseLostAt ?? Infinity];
  const kill = faults.get(run.pid)?.kill.find((t) => t >= run.begin);
  if (kill !== undefined) candidates.push(kill);
  let until = Math.min(...candidates);
  if (until === Infinity) until = lastFactOf.get(run.pid) ?? Infinity;
  const segments = [];
  let from = run.begin;
  for (const s of stops.filter((x) => x.pid === run.pid && x.to > run.begin && x.from < until).sort((a, b) => a.from - b.from)) {
    if (s.from > from) segments.push([from, s.from]);
    from = Math.max(from, s.to + RESUME_GRACE_MS);
  }
  if (from < until) segments.push([from, until]);
  return segments;
}

/** The message of a task's `error` column (JSON text), or ''. */
function errorMessage(error) {
  if (!error) return '';
  try {
    return String(JSON.parse(error).message ?? '');
  } catch {
    return '';
  }
}

function intersect(a, b) {
  return a.some(([f1, t1]) => b.some(([f2, t2]) => f1 < t2 && f2 < t1));
}

/**
 * Counts every breach. `meta`: the run's run.json ({ leaseSeconds, series, drainedAt, stoppedAt,
 * dbFile | dbUrl }); `facts`: every log line; `store`: the database's tasks and history.
 */
function evaluate(meta, facts, store) {
  const leaseMs = meta.leaseSeconds * 1000;
  const counts = Object.fromEntries(COUNTS.map((c) => [c, 0]));
  const details = Object.fromEntries(COUNTS.map((c) => [c, []]));
  const flag = (count, detail) => {
    counts[count] += 1;
    if (details[count].length < 20) details[count].push(detail);
  };
  const runs = collectRuns(facts);
  const faults = faultsByTarget(facts);
  const stops = stoppedPeriods(faults);
  const lastFactOf = new Map();
  for (const f of facts) lastFactOf.set(f.pid, f.t);
  const tasks = new Map(store.tasks.map((t) => [t.task_id, t]));
  const historyOf = new Map();
  for (const h of store.history) {
    if (!historyOf.has(h.task_id)) historyOf.set(h.task_id, []);
    historyOf.get(h.task_id).push(h);
  }
  const runsOf = new Map();
  for (const r of runs) {
    if (!runsOf.has(r.taskId)) runsOf.set(r.taskId, []);
    runsOf.get(r.taskId).push(r);
  }

  // lost: created (or found in the database) and, once drained, neither final nor pending later.
  const drainedAt = meta.drainedAt ?? meta.stoppedAt;
  const created = new Set(facts.filter((f) => f.ev === 'created').flatMap((f) => f.taskIds));
  const unfinished = (t) => t.status === 'running' || (t.status === 'pending' && t.due_at < drainedAt - DUE_TOLERANCE_MS);
  for (const id of created) {
    const t = tasks.get(id);
    if (!t) flag('lost', { taskId: id, why: 'not in the database' });
    else if (unfinished(t)) flag('lost', { taskId: id, status: t.status, dueAt: t.due_at });
  }
  for (const t of store.tasks) {
    if (!created.has(t.task_id) && unfinished(t)) flag('lost', { taskId: t.task_id, origin: t.origin, status: t.status, dueAt: t.due_at });
  }

  // overlap: a run that began while another run of the same task still held its lease, or two runs
  // of one task acting as its holder at the same time.
  for (const list of runsOf.values()) {
    const segments = list.map((r) => holdingSegments(r, faults, stops, leaseMs, lastFactOf));
    for (let i = 0; i < list.length; i++) {
      const until = validUntil(list[i], faults, stops, leaseMs, lastFactOf);
      for (let j = i + 1; j < list.length; j++) {
        if (list[j].begin < until || intersect(segments[i], segments[j])) flag('overlap', { taskId: list[i].taskId, first: { pid: list[i].pid, attempt: list[i].attempt, begin: list[i].begin, until }, second: { pid: list[j].pid, attempt: list[j].attempt, begin: list[j].begin } });
      }
    }
  }

  // startedLate: a function began after the lease its claim gave had run out.
  for (const r of runs) {
    const claims = (historyOf.get(r.taskId) ?? []).filter((h) => h.event === 'started' && h.attempt === r.attempt && h.at <= r.begin);
    const claim = claims[claims.length - 1];
    if (claim && r.begin > claim.at + leaseMs) flag('startedLate', { taskId: r.taskId, attempt: r.attempt, pid: r.pid, claimedAt: claim.at, begin: r.begin });
  }

  // series: each repeating template keeps exactly one pending occurrence.
  for (const fullName of meta.series) {
    const pending = store.tasks.filter((t) => t.full_name === fullName && t.origin === 'series' && t.status === 'pending').length;
    if (pending !== 1) flag('series', { fullName, pending });
  }

  // lateNotRecorded: a function's outcome that its process could have written, and nobody did.
  for (const r of runs) {
    if (r.outcome !== 'return' && r.outcome !== 'throw') continue;
    const killedAfter = (faults.get(r.pid)?.kill ?? []).some((t) => t >= r.end);
    // A process killed -9 after the function returned may have died before writing: not a defect,
    // unless it said it had written the end.
    if (killedAfter && !r.endedLogged && !r.lateLogged) continue;
    const t = tasks.get(r.taskId);
    const inRow = t && t.attempt === r.attempt && `${t.result ?? ''}${t.error ?? ''}`.includes(r.token);
    const inHistory = (historyOf.get(r.taskId) ?? []).some((h) => h.attempt === r.attempt && (
      h.event === 'late'
      || (h.event === 'completed' && r.outcome === 'return' && String(h.worker_id ?? '').startsWith(`${r.pid}-`))
      || (h.message ?? '').includes(r.token)));
    if (!inRow && !inHistory) flag('lateNotRecorded', { taskId: r.taskId, attempt: r.attempt, pid: r.pid, outcome: r.outcome, at: r.end, status: t?.status, error: t?.error?.slice(0, 120) });
  }

  // falseLost: reaped as "worker lost" although its owner, alive and not frozen, had finished.
  const dbOutages = facts.filter((f) => f.ev === 'fault' && f.kind === 'restartDb').map((f) => f.t);
  for (const h of store.history) {
    if (h.event !== 'error' || !WORKER_LOST.test(h.message ?? '')) continue;
    const owner = Number.parseInt(String(h.worker_id ?? ''), 10);
    const run = (runsOf.get(h.task_id) ?? []).find((r) => r.pid === owner && r.attempt === h.attempt && (r.outcome === 'return' || r.outcome === 'throw'));
    if (!run || run.end > h.at) continue;
    const from = run.begin - leaseMs;
    const hitOwner = hitTimes(faults, owner).some((t) => t >= from && t <= h.at);
    // On SQLite a frozen process may hold the shared file's write lock: nobody could write then.
    const frozenLock = meta.backend === 'sqlite' && stops.some((s) => s.from <= h.at && s.to >= run.end - leaseMs);
    const outage = dbOutages.some((t) => t >= from && t <= h.at);
    if (!hitOwner && !frozenLock && !outage) flag('falseLost', { taskId: h.task_id, attempt: h.attempt, owner, returnedAt: run.end, reapedAt: h.at });
  }

  // successLost: a function returned "ok", its task still ended `error` "worker lost", and no
  // later attempt of it ran. The run's "ok" must be the outcome (the late-result rule), or a retry
  // must truly run. Excused: the owner was killed after it returned (it could not write it), or
  // every later attempt was claimed by a process that a fault hit before it could start it (or
  // whose claim's answer a database fault could have lost, or, on SQLite, delayed behind a frozen
  // process holding the file's lock).
  const dbFaults = facts.filter((f) => f.ev === 'fault' && (f.kind === 'pgTerminate' || f.kind === 'restartDb')).map((f) => f.t);
  for (const t of store.tasks) {
    if (t.status !== 'error' || !WORKER_LOST.test(errorMessage(t.error))) continue;
    const list = runsOf.get(t.task_id) ?? [];
    for (const r of list) {
      if (r.outcome !== 'return' || list.some((x) => x.attempt > r.attempt)) continue;
      if ((faults.get(r.pid)?.kill ?? []).some((k) => k >= r.end)) continue;
      const laterClaims = (historyOf.get(t.task_id) ?? []).filter((h) => h.event === 'started' && h.attempt > r.attempt);
      const until = t.ended_at ?? drainedAt;
      const claimerHit = (c) => {
        const claimer = Number.parseInt(String(c.worker_id ?? ''), 10);
        const hit = hitTimes(faults, claimer).some((x) => x >= c.at - 1000 && x <= until);
        const lostAnswer = dbFaults.some((x) => x >= c.at - 1000 && x <= c.at + leaseMs + 1000);
        const frozenLock = meta.backend === 'sqlite' && stops.some((p) => p.from <= c.at + leaseMs && p.to >= c.at);
        return hit || lostAnswer || frozenLock;
      };
      if (laterClaims.length > 0 && laterClaims.every(claimerHit)) continue;
      flag('successLost', { taskId: t.task_id, attempt: r.attempt, pid: r.pid, returnedAt: r.end, finalAttempt: t.attempt, endedAt: t.ended_at });
      break;
    }
  }

  const byStatus = {};
  for (const t of store.tasks) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const faultsByKind = {};
  for (const f of facts) if (f.ev === 'fault' && f.kind !== 'cont') faultsByKind[f.kind] = (faultsByKind[f.kind] ?? 0) + 1;
  const blocked = facts.filter((f) => f.ev === 'blocked').length;
  return {
    counts,
    details,
    totals: { created: created.size, tasks: store.tasks.length, runs: runs.length, completed: byStatus.completed ?? 0, byStatus, faults: faultsByKind, blocked },
  };
}

/** Reads a finished run's folder (logs and run.json) and its database, and evaluates it. */
async function checkRun(runDir) {
  const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
  const store = await readStore(meta);
  return evaluate(meta, readLogs(path.join(runDir, 'log')), store);
}

/** The summary: totals, then one line per count. */
function formatReport(report) {
  const { totals } = report;
  const faults = Object.entries(totals.faults).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const lines = [
    `faults: ${faults}; runs that blocked their event loop: ${totals.blocked ?? 0}`,
    `tasks created ${totals.created}, tasks in the database ${totals.tasks}, runs ${totals.runs}, completed ${totals.completed} (${JSON.stringify(totals.byStatus)})`,
  ];
  for (const c of COUNTS) lines.push(`${c}: ${report.counts[c]}`);
  return lines.join('\n');
}

if (require.main === module) {
  const runDir = process.argv[2];
  if (!runDir) {
    console.error('usage: node chaos/check.js <runDir>');
    process.exit(2);
  }
  checkRun(runDir).then((report) => {
    console.log(formatReport(report));
    for (const c of COUNTS) if (report.details[c].length) console.log(`${c} e.g. ${JSON.stringify(report.details[c].slice(0, 3))}`);
    process.exit(COUNTS.some((c) => report.counts[c] !== 0) ? 1 : 0);
  }, (err) => {
    console.error(err);
    process.exit(2);
  });
}

module.exports = { checkRun, evaluate, formatReport, COUNTS };
