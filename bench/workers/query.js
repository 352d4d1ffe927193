'use strict';
/**
 * `model.query` with a Q filter through an index, against the same SELECT run by the driver
 * itself, on one table, in one fresh process:
 *   sqlite <appDir> <dataDir> <rows> <rounds> <perRound>
 *   pg <appDir> <databaseUrl> <rows> <rounds> <perRound>
 * The app's `models.Order` gets `rows` rows (written straight into its table), customers 0…999
 * in turn, and an index on `customer`; each query asks for one customer (rows / 1000 rows). Per
 * round, `perRound` queries each way, the order of the two sides alternating, after a warm-up that
 * asks for every customer once each way. Prints µs per query of each side, per round.
 */
const { performance } = require('node:perf_hooks');
const pg = require('pg');

const { loadApp, Q } = require('../../dist/index.js');

const [engine, appDir, where, ...rest] = process.argv.slice(2);
const [rows, rounds, perRound] = rest.map(Number);
const CUSTOMERS = 1000;
const TABLE = 'm_models_Order';
const FIRST_ORDER = Date.UTC(2025, 0, 1);

/** The statement jittask writes for `query(Q('customer', '=', k))` (checked against it below). */
const COLUMNS = '"id", "customer", "status", "amount", "placedAt"';
const SQL = {
  sqlite: `SELECT ${COLUMNS} FROM "${TABLE}" WHERE "customer" = ? ORDER BY rowid`,
  pg: `SELECT ${COLUMNS} FROM "${TABLE}" WHERE "customer" = $1 ORDER BY "id"`,
};

/** Fills the table and indexes it, in the stored form of each type (a Datetime is epoch milliseconds). */
const FILL = `INSERT INTO "${TABLE}" ("customer", "status", "amount", "placedAt")
  SELECT i % ${CUSTOMERS}, CASE WHEN i % 3 = 0 THEN 'open' ELSE 'shipped' END, (i % 997) * 1.25, ${FIRST_ORDER} + CAST(i AS BIGINT) * 60000 FROM series`;

async function openSqlite() {
  const app = await loadApp(appDir, { dataDir: where });
  const raw = app.getElement('databases.Default').database.raw;
  await app.getElement('models.Order').count(); // the first use creates the table
  raw.exec(`WITH RECURSIVE series(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM series WHERE i < ${rows - 1}) ${FILL}`);
  raw.exec(`CREATE INDEX order_customer ON "${TABLE}" ("customer"); ANALYZE`);
  // The driver's own statement, prepared once, on the same connection (so the same page cache).
  const statement = raw.prepare(SQL.sqlite);
  return { app, raw: async (k) => statement.all(k), close: async () => {} };
}

async function openPg() {
  const app = await loadApp(appDir, { dataDir: `${__dirname}/../.tmp/query-pg-data`, env: { ...process.env, DATABASE_URL: where } });
  await app.getElement('models.Order').count();
  const client = new pg.Client({ connectionString: where });
  await client.connect();
  await client.query(`WITH series(i) AS (SELECT generate_series(0, ${rows - 1})) ${FILL}`);
  await client.query(`CREATE INDEX order_customer ON "${TABLE}" ("customer"); ANALYZE "${TABLE}"`);
  return { app, raw: async (k) => (await client.query(SQL.pg, [k])).rows, close: () => client.end() };
}

async function main() {
  const side = engine === 'sqlite' ? await openSqlite() : await openPg();
  const orders = side.app.getElement('models.Order');
  const jittask = async (k) => (await orders.query(Q('customer', '=', k))).rowDatas;

  // Both sides read the same rows.
  const [a, b] = [await jittask(7), await side.raw(7)];
  if (a.length !== rows / CUSTOMERS || b.length !== a.length || a.some((row, i) => row.id !== Number(b[i].id))) {
    throw new Error(`the two sides disagree: ${a.length} rows vs ${b.length}`);
  }

  const timed = async (fn, round) => {
    const t = performance.now();
    for (let i = 0; i < perRound; i++) await fn((round * perRound + i * 7) % CUSTOMERS);
    return ((performance.now() - t) * 1000) / perRound;
  };
  // Warm-up: every customer once each way (the row cache, the JIT, the zone offsets of every time stored).
  for (let k = 0; k < CUSTOMERS; k++) {
    await jittask(k);
    await side.raw(k);
  }
  const result = { jittask: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['jittask', 'raw'] : ['raw', 'jittask'];
    const times = {};
    for (const name of order) times[name] = await timed(name === 'jittask' ? jittask : side.raw, round);
    result.jittask.push(times.jittask);
    result.raw.push(times.raw);
  }
  await side.close();
  await side.app.close();
  return result;
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
