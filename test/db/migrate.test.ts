import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteDatabase } from '../../src/db/SqliteDatabase';
import { migrations } from '../../src/db/migrations';
import { isJitError } from '../../src/errors/JitError';
import { taskQueriesOn } from '../../src/tasks/queries/openTaskQueries';
import { createTaskStore } from '../../src/tasks/store/openTaskStore';
import { addPriority, brokenStep, firstStep as first } from './exampleMigrations';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-migrate-'));
  file = path.join(dir, 'jittask.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function appliedVersions(db: SqliteDatabase): unknown[] {
  return db.raw.prepare('SELECT version, name FROM jittask_schema_version ORDER BY version').all();
}

function openError(options: Parameters<typeof SqliteDatabase.open>[1]): unknown {
  try {
    SqliteDatabase.open(file, options).close();
  } catch (err) {
    return err;
  }
  return undefined;
}

test('the migration list numbers its steps 1, 2, 3… and every step has a name, SQLite and PostgreSQL SQL', () => {
  migrations.forEach((step, index) => {
    expect(step.version).toBe(index + 1);
    expect(step.name.trim()).not.toBe('');
    expect(step.sql.sqlite.trim()).not.toBe('');
    expect(step.sql.postgres.trim()).not.toBe('');
  });
});

test('a new database gets every step, each recorded with the time it was applied', () => {
  const db = SqliteDatabase.open(file);
  try {
    expect(db.schemaVersion).toBe(migrations.length);
    const rows = db.raw.prepare('SELECT version, name, applied_at FROM jittask_schema_version ORDER BY version').all() as {
      version: number;
      name: string;
      applied_at: number;
    }[];
    expect(rows.map((row) => row.version)).toEqual(migrations.map((step) => step.version));
    expect(rows.map((row) => row.name)).toEqual(migrations.map((step) => step.name));
    for (const row of rows) expect(Number.isInteger(row.applied_at)).toBe(true);
  } finally {
    db.close();
  }
});

/** Writes a pending task as an older jittask did: only the columns of the first schema version. */
function writeOldTask(db: SqliteDatabase, taskId: string, dueAt: number, argDict: object): void {
  db.raw
    .prepare(
      `
    INSERT INTO jittask_tasks (task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, attempt, created_at)
    VALUES (?, 'tasks.Sync', 'tasks.NormalType', 'services.Sync.run', ?, ?, 'pending', 'manual', 1, 1690000000000)`,
    )
    .run(taskId, JSON.stringify(argDict), dueAt);
}

test('a database made by an older version is upgraded in place, its tasks kept', async () => {
  const old = SqliteDatabase.open(file, { migrations: [first] });
  writeOldTask(old, 'kept', 1_700_000_000_000, { full: true });
  expect(old.schemaVersion).toBe(1);
  old.close();

  const upgraded = SqliteDatabase.open(file, { migrations: [first, addPriority] });
  try {
    expect(upgraded.schemaVersion).toBe(2);
    expect(appliedVersions(upgraded)).toEqual([
      { version: 1, name: first.name },
      { version: 2, name: 'task priority' },
    ]);
    const task = upgraded.raw.prepare("SELECT status, arg_dict, due_at FROM jittask_tasks WHERE task_id = 'kept'").get();
    expect(task).toEqual({ status: 'pending', arg_dict: '{"full":true}', due_at: 1_700_000_000_000 });
    expect(upgraded.raw.prepare("SELECT priority FROM jittask_tasks WHERE task_id = 'kept'").pluck().get()).toBe(0);
  } finally {
    upgraded.close();
  }
});

test('reopening an up-to-date database applies nothing again', () => {
  SqliteDatabase.open(file, { migrations: [first, addPriority] }).close();
  // addPriority would fail if run twice (the column and table exist).
  const again = SqliteDatabase.open(file, { migrations: [first, addPriority] });
  try {
    expect(appliedVersions(again)).toHaveLength(2);
  } finally {
    again.close();
  }
});

test('a database from a newer jittask is refused with DATABASE_ERROR and left untouched', () => {
  SqliteDatabase.open(file, { migrations: [first, addPriority] }).close();

  const err = openError({ migrations: [first] });
  expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
  if (!isJitError(err)) return;
  expect(err.file).toBe(file);
  expect(err.message).toMatch(/schema version 2, newer than the 1/);

  const reopened = SqliteDatabase.open(file, { migrations: [first, addPriority] });
  try {
    expect(reopened.schemaVersion).toBe(2);
  } finally {
    reopened.close();
  }
});

test('a step that fails leaves the database at the previous version with none of the step applied', () => {
  SqliteDatabase.open(file, { migrations: [first] }).close();

  const err = openError({ migrations: [first, brokenStep] });
  expect(isJitError(err, 'DATABASE_ERROR')).toBe(true);
  expect(String((err as Error).message)).toContain('migration 2 (broken step)');

  const db = SqliteDatabase.open(file, { migrations: [first] });
  try {
    expect(db.schemaVersion).toBe(1);
    const halfDone = db.raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'jittask_half_done'").pluck().get();
    expect(halfDone).toBe(0);
  } finally {
    db.close();
  }
});

test('a file of schema version 2 gets the claim index of pending tasks, its tasks kept and claimable', async () => {
  const old = SqliteDatabase.open(file, { migrations: migrations.slice(0, 2) });
  writeOldTask(old, 'due', 1_700_000_000_000, { taskId: 'due' });
  writeOldTask(old, 'later', 1_800_000_000_000, { taskId: 'later' });
  old.close();

  const upgraded = SqliteDatabase.open(file);
  try {
    expect(upgraded.schemaVersion).toBe(migrations.length);
    const indexes = upgraded.raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'jittask_tasks_%' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toContain('jittask_tasks_pending_due');
    expect(indexes).not.toContain('jittask_tasks_status_due');
    const plan = upgraded.raw
      .prepare(
        "EXPLAIN QUERY PLAN SELECT rowid FROM jittask_tasks WHERE status = 'pending' AND due_at <= 1 ORDER BY due_at, rowid LIMIT 10",
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('jittask_tasks_pending_due');
    const store = createTaskStore(upgraded);
    const queries = taskQueriesOn(upgraded);
    expect(await queries.nextDueAt()).toBe(1_700_000_000_000);
    expect((await store.claimDue(1_750_000_000_000, 10, 'w1', 60_000)).map((t) => t.taskId)).toEqual(['due']);
    expect(await queries.nextDueAt()).toBe(1_800_000_000_000);
  } finally {
    upgraded.close();
  }
});
