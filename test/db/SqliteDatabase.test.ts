import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteDatabase } from '../../src/db/SqliteDatabase';
import { isJitError } from '../../src/errors/JitError';
import { describeTransactions } from './transactionContract';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-db-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function pragma(db: SqliteDatabase, name: string): unknown {
  return db.raw.pragma(name, { simple: true });
}

describe('SqliteDatabase.open: an app opens its embedded database', () => {
  test('a file under folders that do not exist yet is created, in WAL mode, with the safety settings', () => {
    const file = path.join(dir, 'appData', 'nested', 'jittask.db');
    const db = SqliteDatabase.open(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(pragma(db, 'journal_mode')).toBe('wal');
      expect(pragma(db, 'foreign_keys')).toBe(1);
      expect(pragma(db, 'synchronous')).toBe(1); // NORMAL
      expect(pragma(db, 'busy_timeout')).toBeGreaterThan(0);
      expect(db.file).toBe(file);
    } finally {
      db.close();
    }
  });

  test(':memory: opens a private database with the schema applied and touches no file', () => {
    const db = SqliteDatabase.open(':memory:');
    try {
      expect(fs.existsSync(':memory:')).toBe(false);
      expect(pragma(db, 'foreign_keys')).toBe(1);
      const tables = db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual([
        'jittask_paused_templates',
        'jittask_schema_version',
        'jittask_task_history',
        'jittask_tasks',
        'jittask_template_state',
        'jittask_workers',
      ]);
    } finally {
      db.close();
    }
  });

  test('a file that is not a database is refused with DATABASE_ERROR naming the file, and left as it was', () => {
    const file = path.join(dir, 'notes.db');
    fs.writeFileSync(file, 'this is not an SQLite database, just some text that is long enough'.repeat(20));
    const before = fs.readFileSync(file);

    let caught: unknown;
    try {
      SqliteDatabase.open(file);
    } catch (err) {
      caught = err;
    }
    expect(isJitError(caught, 'DATABASE_ERROR')).toBe(true);
    if (!isJitError(caught)) return;
    expect(caught.file).toBe(file);
    expect(caught.message).toContain(file);
    expect(caught.cause).toMatchObject({ code: 'SQLITE_NOTADB' });
    expect(caught.message).toMatch(/not a database$/);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  test('a path whose parent is a file cannot be created: DATABASE_ERROR', () => {
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, '');
    expect(() => SqliteDatabase.open(path.join(blocker, 'jittask.db'))).toThrow(expect.objectContaining({ code: 'DATABASE_ERROR' }));
  });
});

describe("SqliteDatabase.write: the task store's synchronous statements in one transaction", () => {
  let db: SqliteDatabase;
  beforeEach(() => {
    db = SqliteDatabase.open(':memory:');
    db.raw.exec('CREATE TABLE notes (text TEXT NOT NULL)');
  });
  afterEach(() => db.close());

  const texts = (): unknown => db.raw.prepare('SELECT text FROM notes ORDER BY text').pluck().all();
  const insert = (text: string): void => {
    db.raw.prepare('INSERT INTO notes VALUES (?)').run(text);
  };

  test('commits what the function wrote and returns its result', async () => {
    expect(
      await db.write(() => {
        insert('a');
        return 'done';
      }),
    ).toBe('done');
    expect(texts()).toEqual(['a']);
  });

  test('rolls back everything when the function throws half-way', async () => {
    await expect(
      db.write(() => {
        insert('a');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(texts()).toEqual([]);
  });

  test("a write made while another caller's transaction is open waits for it, so its rollback does not undo the write", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const model = db.transaction(async () => {
      insert('model row');
      await gate;
      throw new Error('hook failed');
    });
    const store = db.write(() => insert('task'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(texts()).toEqual(['model row']); // the store's write has not run inside the open transaction
    release();
    await expect(model).rejects.toThrow('hook failed');
    await store;
    expect(texts()).toEqual(['task']);
  });

  test('a write made within a transaction joins it and is undone with it', async () => {
    await expect(
      db.transaction(async () => {
        await db.write(() => insert('task of the hook'));
        throw new Error('row write failed');
      }),
    ).rejects.toThrow('row write failed');
    expect(texts()).toEqual([]);
  });
});

describe('the ambient transactions every database keeps', () => {
  describeTransactions(async () => {
    const db = SqliteDatabase.open(':memory:');
    db.raw.exec('CREATE TABLE notes (text TEXT NOT NULL)');
    return db;
  });
});

test('close can be called twice', () => {
  const db = SqliteDatabase.open(':memory:');
  db.close();
  expect(() => db.close()).not.toThrow();
  expect(db.raw.open).toBe(false);
});
