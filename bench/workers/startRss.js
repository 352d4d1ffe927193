'use strict';
/**
 * Resident memory of a started process, one fresh process per call. Each waits `waitMs` after its
 * start and prints `process.memoryUsage().rss` (MB = 2^20 bytes).
 *   jittask <appDir> <dataDir> <waitMs>   require('jittask') (dist/), loadApp, the scheduler started as `jittask run` starts it
 *   bare <waitMs>                         require('better-sqlite3') and an in-memory database with one row written
 *   deps <waitMs>                         the packages a jittask SQLite process loads, without jittask's code
 */
const { setTimeout: sleep } = require('node:timers/promises');
const { DIST } = require('../lib/paths');

const MB = 2 ** 20;
const [mode, ...rest] = process.argv.slice(2);

/** The bare process's work: what any SQLite user does. */
function openSqlite() {
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  db.prepare('INSERT INTO t (v) VALUES (?)').run('x');
  return db;
}

/** Whether the TypeScript compiler itself (not its package.json) was loaded. */
function compilerLoaded() {
  return Object.prototype.hasOwnProperty.call(require.cache, require.resolve('typescript'));
}

async function jittask() {
  const [appDir, dataDir, waitMs] = rest;
  const { loadApp } = require(DIST);
  const app = await loadApp(appDir, { dataDir });
  // As `jittask run` does before starting: listen to the engine's events, then start.
  app.getElement('services.TaskSvc').service.onEvent(() => {});
  await app.start();
  await sleep(Number(waitMs));
  const rss = process.memoryUsage().rss / MB;
  const compiler = compilerLoaded();
  await app.close();
  return { rss, compiler };
}

async function bare() {
  const db = openSqlite();
  await sleep(Number(rest[0]));
  const rss = process.memoryUsage().rss / MB;
  db.close();
  return { rss };
}

/**
 * The floor: what jittask's SQLite process loads from node_modules, each used a little, and no
 * jittask code. luxon's zone check starts Intl (ICU's time-zone and locale data), as loadApp's does.
 */
async function deps() {
  const db = openSqlite();
  require('reflect-metadata');
  const { IANAZone, DateTime } = require('luxon');
  IANAZone.isValidZone('UTC');
  DateTime.now().setZone('UTC').toISO();
  const { Container } = require('inversify');
  new Container();
  require('js-yaml').load('title: x\n');
  const Ajv = require('ajv');
  new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile({ type: 'object', properties: { title: { type: 'string' } } });
  require('@opentelemetry/api');
  await sleep(Number(rest[0]));
  const rss = process.memoryUsage().rss / MB;
  db.close();
  return { rss };
}

const modes = { jittask, bare, deps };
modes[mode]().then(
  (result) => {
    console.log(JSON.stringify(result));
    // Nothing may keep the process alive: it has said what it measured.
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
