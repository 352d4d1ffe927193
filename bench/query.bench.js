'use strict';
/**
 * Issue #18: JitORM's `query` with a Q filter, on 100,000 rows, through an index, against the
 * same SELECT run by the driver itself (better-sqlite3's prepared statement, pg's client) on the
 * same table, in the same process and repetition; on SQLite and on PostgreSQL.
 */
const fs = require('node:fs');
const path = require('node:path');
const { runWorker } = require('./lib/child');
const { freshDir } = require('./lib/paths');
const { withDatabase } = require('./lib/pg');
const { median } = require('./lib/stats');
const { summarize } = require('./lib/report');

const REPS = 3;
const ROWS = 100_000;
const ROUNDS = 7;
const PER_ROUND = 300;

/** An app with `models.Order` (customer Integer, status Stext, amount Numeric, placedAt Datetime); on PostgreSQL when `pg`. */
function writeQueryApp(name, { pg }) {
  const dir = freshDir(name);
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('app.yaml', 'appId: bench.Query\ntitle: Query benchmark\nextends: [jittask]\nsettings:\n  timezone: Europe/Berlin\n');
  write(
    'elements/models/Order/e.yaml',
    [
      'title: Order',
      'type: models.NormalType',
      'fields:',
      '  - { name: customer, title: Customer, dataType: Integer }',
      '  - { name: status, title: Status, dataType: Stext }',
      '  - { name: amount, title: Amount, dataType: Numeric }',
      '  - { name: placedAt, title: Placed at, dataType: Datetime }',
      '',
    ].join('\n'),
  );
  if (pg) write('elements/databases/Default/e.yaml', 'title: PostgreSQL\ntype: databases.PgSqlType\nconfig: { url: "{{DATABASE_URL}}" }\n');
  return dir;
}

async function run() {
  const args = [ROWS, ROUNDS, PER_ROUND];
  const sqliteApp = writeQueryApp('query-sqlite-app', { pg: false });
  const pgApp = writeQueryApp('query-pg-app', { pg: true });
  const sqlite = [];
  const postgres = [];
  for (let i = 0; i < REPS; i++) {
    sqlite.push(runWorker('query.js', ['sqlite', sqliteApp, freshDir('query-sqlite-data'), ...args], { timeoutMs: 180_000 }));
    postgres.push(await withDatabase((url) => runWorker('query.js', ['pg', pgApp, url, ...args], { timeoutMs: 180_000 })));
  }
  const row = (db, results) =>
    summarize({
      measure: `${db}: model.query(Q('customer', '=', k)) on ${ROWS.toLocaleString('en-US')} rows, ${ROWS / 1000} rows per answer, through an index on customer`,
      unit: 'µs/query',
      runs: results.map((r) => median(r.jittask)),
      vs: { label: 'the same SELECT by the driver', runs: results.map((r) => median(r.raw)) },
      goal: { text: '≤ 1.5× the driver', met: (_m, ratio) => ratio <= 1.5 },
    });
  return [row('SQLite', sqlite), row('PostgreSQL', postgres)];
}

module.exports = {
  title: 'JitORM query with a Q filter (issue #18)',
  about: `A model of customer (Integer, indexed), status (Stext), amount (Numeric) and placedAt (Datetime) with ${ROWS.toLocaleString('en-US')} rows written straight into its table, 1,000 customers in turn. One fresh process per repetition and database; in it, after a warm-up that asks for every customer once each way, ${ROUNDS} rounds of ${PER_ROUND} awaited queries each way, the order alternating: \`(await model.query(Q('customer', '=', k))).rowDatas\` against the statement jittask writes for it (\`SELECT "id", "customer", … WHERE "customer" = ? ORDER BY rowid\`, or \`= $1 ORDER BY "id"\`) run by the driver on the same connection (SQLite: a prepared better-sqlite3 statement) or on a connection of its own (PostgreSQL: pg's Client). The figure of a repetition is the median of its rounds. The driver's rows are its raw ones; jittask's are converted (the Datetime as app-zone text).`,
  run,
};
