'use strict';
/**
 * The PostgreSQL server of the multi-process benchmarks (`JITTASK_PG_URL`, default the local one
 * the tests use): a fresh database per measurement, and reading progress from it while workers run.
 */
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { URL } = require('node:url');
const pg = require('pg');

const PG_URL = process.env.JITTASK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `sql` on a connection of its own to the database at `url`; returns the rows. */
async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Calls `fn(url)` with an empty database `jittask_bench_<random>`, dropped afterwards whatever happens. */
async function withDatabase(fn) {
  const name = `jittask_bench_${randomBytes(6).toString('hex')}`;
  await query(PG_URL, `CREATE DATABASE ${name}`);
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    // FORCE: a worker killed after a failure may still hold a connection.
    await query(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/**
 * Polls `countSql` (rows of `{ status, n }`) every `pollMs` until the statuses in `final` add up to
 * `total`; resolves to `{ at, counts }`, `at` being the `performance.now()` of the poll that saw it.
 * Fails when nothing moves for `stallMs`.
 */
async function waitForFinal(url, countSql, total, final, { pollMs = 50, stallMs = 30_000 } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let done = 0;
    let lastProgress = performance.now();
    for (;;) {
      const counts = Object.fromEntries((await client.query(countSql)).rows.map((r) => [r.status, Number(r.n)]));
      const now = final.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
      const at = performance.now();
      if (now >= total) return { at, counts };
      if (now > done) lastProgress = at;
      else if (at - lastProgress > stallMs) throw new Error(`stalled at ${now} of ${total}: ${JSON.stringify(counts)}`);
      done = now;
      await sleep(pollMs);
    }
  } finally {
    await client.end();
  }
}

module.exports = { PG_URL, query, withDatabase, waitForFinal };
