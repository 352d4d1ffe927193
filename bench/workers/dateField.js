'use strict';
/**
 * Date-field benchmarks on the SQLite default database (the apps of lib/apps writeDateFieldApp),
 * one fresh process per call.
 *   fill <appDir> <dataDir> <n> <models>      n rows written straight into the table of each model named (comma-separated
 *                                             fullNames), meetings 15 minutes apart from two days ahead, all confirmed
 *   backfill <appDir> <dataDir> <n>           app.start() with the new template: time until it resolves (the backfill is
 *                                             done by then), and that n pending tasks exist
 *   update <appDir> <dataDir> <n> <rounds>    n updates of startTime, then of title, on the followed model and on the plain
 *                                             one, in alternation, per round (round -1 warms up and is not recorded)
 *   floor - <dataDir> <n> <rounds>            the same moves with raw better-sqlite3 on jittask's schema, no jittask code:
 *                                             a row update alone vs the row update and its task moved (the task store's
 *                                             statements: find, delete, insert), one transaction each
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { DATE_FIELD } = require('../lib/apps');

const { loadApp } = require('../../dist/index.js');

const [mode, appDir, dataDir, ...rest] = process.argv.slice(2);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Whole minutes, two days ahead: every row's reminder (15 minutes before) is due in the future. */
const FIRST_MEETING = Math.ceil((Date.now() + 2 * DAY_MS) / MINUTE_MS) * MINUTE_MS;

/**
 * Bypasses the model (create() one row at a time would take minutes): one prepared INSERT in one
 * transaction, into the table the README names (`m_<fullName with . → _>`), in the stored form of
 * each type (a Datetime is epoch milliseconds in SQLite).
 */
async function fill() {
  const [nArg, models] = rest;
  const n = Number(nArg);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const app = await loadApp(appDir, { dataDir });
  const raw = app.getElement('databases.Default').database.raw;
  const t = performance.now();
  for (const fullName of models.split(',')) {
    await app.getElement(fullName).get(0); // the first use creates the table
    const insert = raw.prepare(`INSERT INTO "m_${fullName.replace(/\./g, '_')}" (title, startTime, status) VALUES (?, ?, 'confirmed')`);
    raw.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`Meeting ${i}`, FIRST_MEETING + i * 15 * MINUTE_MS);
    })();
  }
  const seconds = (performance.now() - t) / 1000;
  await app.close();
  return { seconds };
}

async function backfill() {
  const n = Number(rest[0]);
  const app = await loadApp(appDir, { dataDir });
  const { queries } = app.getElement('services.TaskSvc').service;
  const t = performance.now();
  await app.start();
  const seconds = (performance.now() - t) / 1000;
  const pending = (await queries.countByStatus()).pending ?? 0;
  if (pending !== n) throw new Error(`after the backfill ${pending} tasks are pending, not ${n}`);
  // Where the time may go: reading the rows alone, as the backfill reads them.
  const q = performance.now();
  const rows = (await app.getElement(DATE_FIELD.followed).query()).rowDatas;
  const querySeconds = (performance.now() - q) / 1000;
  if (rows.length !== n) throw new Error(`the model holds ${rows.length} rows, not ${n}`);
  await app.close();
  return { seconds, querySeconds };
}

async function update() {
  const [n, rounds] = rest.map(Number);
  const app = await loadApp(appDir, { dataDir });
  await app.start(); // as in production: the scheduler runs; the reminders are days ahead, nothing is due
  const followed = app.getElement(DATE_FIELD.followed);
  const plain = app.getElement(DATE_FIELD.plain);
  const { queries } = app.getElement('services.TaskSvc').service;
  if ((await queries.countByStatus()).pending !== n) throw new Error(`the followed model's ${n} rows do not all have a pending task`);

  /** µs per call of n updates of `model`, row i getting patch(i). */
  const timed = async (model, patch) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await model.update(i + 1, patch(i));
    return ((performance.now() - t) * 1000) / n;
  };
  const result = { dateFollowed: [], datePlain: [], titleFollowed: [], titlePlain: [] };
  for (let round = -1; round < rounds; round++) {
    // A new time (and title) per round, so every update changes the row and moves its task.
    const date = (i) => ({ startTime: new Date(FIRST_MEETING + (round + 2) * DAY_MS + i * 15 * MINUTE_MS) });
    const title = (i) => ({ title: `Meeting ${i}, round ${round}` });
    // Alternate which model goes first, so neither always follows the other's writes.
    const pair =
      round % 2 === 0
        ? [
            [followed, 'Followed'],
            [plain, 'Plain'],
          ]
        : [
            [plain, 'Plain'],
            [followed, 'Followed'],
          ];
    const times = {};
    for (const [model, name] of pair) times[`date${name}`] = await timed(model, date);
    for (const [model, name] of pair) times[`title${name}`] = await timed(model, title);
    if (round < 0) continue;
    for (const key of Object.keys(result)) result[key].push(times[key]);
  }
  const counts = await queries.countByStatus();
  if (counts.pending !== n) throw new Error(`after the updates ${JSON.stringify(counts)} tasks, not ${n} pending`);
  await app.close();
  return result;
}

/**
 * What SQLite itself asks for the two kinds of update, with no jittask code in between: the floor
 * under the ratio that `update` measures. Each transaction is committed (WAL, synchronous=NORMAL,
 * as jittask opens files), so each page it changes is written once more.
 */
async function floor() {
  const [n, rounds] = rest.map(Number);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const { SqliteDatabase } = require('../../dist/db/SqliteDatabase');
  const { newTaskId } = require('../../dist/tasks/newTaskId');
  const db = SqliteDatabase.open(`${dataDir}/floor.sqlite`);
  const raw = db.raw;
  raw.exec('CREATE TABLE m (id INTEGER PRIMARY KEY, title TEXT, startTime INTEGER, status TEXT)');
  const insertTask =
    raw.prepare(`INSERT INTO jittask_tasks (task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, row_id, attempt, created_at)
    VALUES (?, 'tasks.Reminder', 'tasks.DateFieldType', 'customFunc', '{}', ?, 'pending', 'dateField', ?, 1, ?)`);
  const findTask = raw.prepare(
    "SELECT * FROM jittask_tasks WHERE origin = 'dateField' AND status = 'pending' AND full_name = 'tasks.Reminder' AND row_id = ?",
  );
  const deleteTask = raw.prepare('DELETE FROM jittask_tasks WHERE task_id = ?');
  const updateRow = raw.prepare('UPDATE m SET startTime = ? WHERE id = ?');
  const now = Date.now();
  raw.transaction(() => {
    const insertRow = raw.prepare("INSERT INTO m (id, title, startTime, status) VALUES (?, ?, ?, 'confirmed')");
    for (let i = 1; i <= 2 * n; i++) {
      insertRow.run(i, `Meeting ${i}`, FIRST_MEETING + i * 15 * MINUTE_MS);
      if (i <= n) insertTask.run(newTaskId(), FIRST_MEETING + i * 15 * MINUTE_MS - 15 * MINUTE_MS, String(i), now);
    }
  })();
  const timed = (move, round) => {
    const t = performance.now();
    for (let i = 1; i <= n; i++) {
      const id = move ? i : n + i;
      const at = FIRST_MEETING + (round + 2) * DAY_MS + i * 15 * MINUTE_MS;
      raw.exec('BEGIN IMMEDIATE');
      updateRow.run(at, id);
      if (move) {
        deleteTask.run(findTask.get(String(id)).task_id);
        insertTask.run(newTaskId(), at - 15 * MINUTE_MS, String(id), now);
      }
      raw.exec('COMMIT');
    }
    return ((performance.now() - t) * 1000) / n;
  };
  const result = { withTask: [], alone: [] };
  for (let round = -1; round < rounds; round++) {
    const order = round % 2 === 0 ? [true, false] : [false, true];
    const times = {};
    for (const move of order) times[move] = timed(move, round);
    if (round < 0) continue;
    result.withTask.push(times.true);
    result.alone.push(times.false);
  }
  db.close();
  return result;
}

const modes = { fill, backfill, update, floor };
modes[mode]().then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
