'use strict';
/**
 * The same work with pg-boss 10 on the same server, one fresh process per call.
 *   fill <url> <n>                        creates pg-boss's schema and queue `noop`, sends n jobs (one batch `insert`)
 *   work <url> <loops> <batchSize>        a worker: connects, says `ready`; `go` on stdin starts `loops` work() loops on
 *                                         `noop` fetching batchSize jobs each, polling every 0.5 s (the least pg-boss
 *                                         allows); closing stdin stops it (says `closed` with how many it ran)
 */
const readline = require('node:readline');
const { performance } = require('node:perf_hooks');
const PgBoss = require('pg-boss');

const [mode, url, ...rest] = process.argv.slice(2);
const QUEUE = 'noop';
/** Neither cron scheduling nor maintenance: the jittask side runs neither during the measurement. */
const OPTIONS = { connectionString: url, schedule: false, supervise: false };

function say(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function started(boss) {
  boss.on('error', (err) => console.error(err));
  return boss.start();
}

async function fill() {
  const n = Number(rest[0]);
  const boss = new PgBoss(OPTIONS);
  await started(boss);
  await boss.createQueue(QUEUE);
  const jobs = Array.from({ length: n }, (_, i) => ({ name: QUEUE, data: { i } }));
  const t = performance.now();
  await boss.insert(jobs);
  const seconds = (performance.now() - t) / 1000;
  await boss.stop({ graceful: false, wait: true });
  return { n, seconds };
}

async function work() {
  const [loops, batchSize] = rest.map(Number);
  const boss = new PgBoss({ ...OPTIONS, migrate: false });
  await started(boss);
  let ran = 0;
  say({ kind: 'ready', pid: process.pid });
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise((resolve, reject) => {
    lines.on('line', async (line) => {
      if (line !== 'go') return;
      try {
        for (let i = 0; i < loops; i++) {
          await boss.work(QUEUE, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
            ran += jobs.length;
          });
        }
        say({ kind: 'started' });
      } catch (err) {
        reject(err);
      }
    });
    lines.on('close', resolve);
  });
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  return { kind: 'closed', ran };
}

const modes = { fill, work };
modes[mode]().then(
  (result) => {
    say(result);
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
