'use strict';
/**
 * Reads what a chaos run left in its database (SQLite file or PostgreSQL URL): every task and every
 * history entry, times as numbers (PostgreSQL's BIGINT arrives as a string).
 */
const TASKS_SQL = 'SELECT task_id, full_name, status, origin, row_id, attempt, worker_id, due_at, lease_until, started_at, ended_at, result, error FROM jittask_tasks';
const HISTORY_SQL = 'SELECT task_id, attempt, event, at, worker_id, message FROM jittask_task_history ORDER BY id';
const NUMERIC = ['attempt', 'due_at', 'lease_until', 'started_at', 'ended_at', 'at'];

function numbers(row) {
  for (const key of NUMERIC) if (row[key] !== undefined && row[key] !== null) row[key] = Number(row[key]);
  return row;
}

/** @param {{ dbFile?: string, dbUrl?: string }} where @returns {Promise<{ tasks: object[], history: object[] }>} */
async function readStore(where) {
  if (where.dbFile) {
    const Database = require('better-sqlite3');
    const db = new Database(where.dbFile, { readonly: true, fileMustExist: true });
    try {
      return { tasks: db.prepare(TASKS_SQL).all().map(numbers), history: db.prepare(HISTORY_SQL).all().map(numbers) };
    } finally {
      db.close();
    }
  }
  const pg = require('pg');
  const client = new pg.Client({ connectionString: where.dbUrl });
  await client.connect();
  try {
    const tasks = (await client.query(TASKS_SQL)).rows.map(numbers);
    const history = (await client.query(HISTORY_SQL)).rows.map(numbers);
    return { tasks, history };
  } finally {
    await client.end();
  }
}

module.exports = { readStore };
