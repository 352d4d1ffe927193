import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError } from 'jittask';
import { SqliteDatabase } from '../../src/db/SqliteDatabase';
import { serveApp } from '../http/serveApp';

/**
 * An operator (or a clean-up script) deletes or replaces the SQLite file of a running app. The
 * open connection would go on writing into the unlinked file, and everything written since would
 * vanish with the process: jittask must notice, refuse the writes with a code and stop calling
 * itself ready.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-gone-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Removes the database file and the WAL beside it, as `rm -rf appData` would. */
function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Puts another SQLite file at `file`'s path (a restore of an old backup, a copy from elsewhere). */
function replaceDatabaseFile(file: string): void {
  const other = SqliteDatabase.open(path.join(dir, 'other.db'));
  other.raw.exec('CREATE TABLE unrelated (x)');
  void other.close();
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.renameSync(path.join(dir, 'other.db'), file);
}

/** The rejection of `promise`, which must reject. */
async function refusal(promise: Promise<unknown>): Promise<JitError> {
  const err = await promise.then(
    () => {
      throw new Error('the write was accepted');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JitError);
  return err as JitError;
}

describe('SqliteDatabase: the file removed or replaced under an open connection', () => {
  const cases = [
    { what: 'removed', change: removeDatabaseFiles, says: /was removed/ },
    { what: 'replaced by another file', change: replaceDatabaseFile, says: /was replaced by another file/ },
  ];

  test.each(cases)('$what: every kind of write is refused with DATABASE_ERROR, and nothing is written', async ({ change, says }) => {
    const file = path.join(dir, 'data.db');
    const db = SqliteDatabase.open(file);
    try {
      await db.query('CREATE TABLE notes (text TEXT)');
      await db.write(() => db.raw.prepare("INSERT INTO notes VALUES ('before')").run());
      expect(() => db.assertIntact()).not.toThrow();

      change(file);

      for (const attempt of [
        db.write(() => db.raw.prepare("INSERT INTO notes VALUES ('write')").run()),
        db.query("INSERT INTO notes VALUES ('query')"),
        db.transaction(() => db.query("INSERT INTO notes VALUES ('transaction')")),
      ]) {
        const err = await refusal(attempt);
        expect(err.code).toBe('DATABASE_ERROR');
        expect(err.message).toMatch(says);
        expect(err.message).toContain(file);
        expect(err.file).toBe(file);
      }
      expect(() => db.assertIntact()).toThrow(says);
      // The connection still reads what it had; none of the refused writes is in it.
      expect(await db.query('SELECT text FROM notes')).toEqual([{ text: 'before' }]);
      expect(db.raw.inTransaction).toBe(false);
    } finally {
      await db.close();
    }
  });

  test('a write inside an open transaction is refused at its commit when the file went meanwhile', async () => {
    const file = path.join(dir, 'data.db');
    const db = SqliteDatabase.open(file);
    try {
      await db.query('CREATE TABLE notes (text TEXT)');
      const err = await refusal(
        db.transaction(async () => {
          await db.query("INSERT INTO notes VALUES ('inside')");
          removeDatabaseFiles(file);
          await db.query("INSERT INTO notes VALUES ('after the removal')");
        }),
      );
      expect(err.code).toBe('DATABASE_ERROR');
      expect(await db.query('SELECT text FROM notes')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  test('the file moved away and back (the same file again) is written to as before', async () => {
    const file = path.join(dir, 'data.db');
    const db = SqliteDatabase.open(file);
    try {
      await db.query('CREATE TABLE notes (text TEXT)');
      fs.renameSync(file, `${file}.moved`);
      await expect(db.query("INSERT INTO notes VALUES ('gone')")).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
      fs.renameSync(`${file}.moved`, file);
      await db.query("INSERT INTO notes VALUES ('back')");
      expect(await db.query('SELECT text FROM notes')).toEqual([{ text: 'back' }]);
    } finally {
      await db.close();
    }
  });

  test(':memory: has no file to lose', async () => {
    const db = SqliteDatabase.open(':memory:');
    try {
      expect(() => db.assertIntact()).not.toThrow();
      await db.query('CREATE TABLE notes (text TEXT)');
      await db.query("INSERT INTO notes VALUES ('kept')");
    } finally {
      await db.close();
    }
  });
});

describe('a running app whose database file is removed or replaced', () => {
  const cases = [
    { what: 'removed', change: removeDatabaseFiles, says: /was removed/ },
    { what: 'replaced by another file', change: replaceDatabaseFile, says: /was replaced by another file/ },
  ];

  test.each(cases)(
    '$what: /readyz is 503 naming it, creates are refused with DATABASE_ERROR, and nothing claims to be stored',
    async ({ change, says }) => {
      const served = await serveApp();
      try {
        const file = path.join(served.app.dataDir, 'databases', 'Default', 'data.db');
        const task = {
          fullName: 'tasks.Job',
          startTime: '2025-03-01 09:00:00',
          funcName: 'services.Billing.bill',
          taskType: 'tasks.NormalType',
          argDict: { amount: 2 },
        };
        expect((await served.call('services/TaskSvc/createTimerTask', task)).status).toBe(200);
        expect((await fetch(`${served.url}/readyz`)).status).toBe(200);

        change(file);

        const ready = await fetch(`${served.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ ready: false, reason: expect.stringMatching(says) });

        const created = await served.call('services/TaskSvc/createTimerTask', task);
        expect(created.status).toBe(500);
        expect(created.body).toMatchObject({ code: 'DATABASE_ERROR', errmsg: expect.stringMatching(says) });

        const svc = served.app.getElement<{ createTimerTask(...args: unknown[]): Promise<unknown> }>('services.TaskSvc');
        const err = await refusal(svc.createTimerTask(task.fullName, task.startTime, task.funcName, task.taskType, task.argDict));
        expect(err.code).toBe('DATABASE_ERROR');
        expect(err.message).toMatch(says);
        expect(err.message).toContain(file);
      } finally {
        await served.close();
      }
    },
  );
});
