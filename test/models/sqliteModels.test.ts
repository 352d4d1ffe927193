import Database from 'better-sqlite3';
import * as path from 'node:path';
import { loadApp, type App, type ModelElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { modelContract } from './modelContract';
import { tempDataDir, writeModelApp } from './writeModelApp';
import { rowsOf } from './rowsOf';

/** The file of database element `databases.<name>` (its config.file default `data.db`). */
function dbFile(dataDir: string, name = 'Default', file = 'data.db'): string {
  return path.join(dataDir, 'databases', name, file);
}

/** Opens the SQLite file directly, runs `fn`, closes it. */
function withFile<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The column names of a table of the database at `file`, read directly; [] if there is no such table. */
function columnsOf(file: string, table: string): string[] {
  return withFile(file, (db) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
}

let dataDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
});

describe('models on SQLite (databases.SqliteType)', () => {
  modelContract({
    load: (dir) => loadApp(dir, { dataDir }),
    columns: async (table) => columnsOf(dbFile(dataDir), table),
    exec: async (sql) => {
      withFile(dbFile(dataDir), (db) => db.exec(sql));
    },
  });
});

describe('SQLite only', () => {
  let app: App;
  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  test('concurrent writes take turns: each hook runs to its end before the next write begins', async () => {
    app = await loadApp(fixtureDir('model-app'), { dataDir });
    const meetings = app.getElement<ModelElement>('models.Meeting');
    const events: string[] = [];
    jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
      events.push(`begin ${String(rowObj.postData?.title)}`);
      await new Promise((resolve) => setImmediate(resolve)); // a hook that yields to the event loop
      events.push(`end ${String(rowObj.postData?.title)}`);
    });
    const rows = await Promise.all(['A', 'B', 'C'].map((title) => meetings.create({ title })));
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(events).toEqual(['begin A', 'end A', 'begin B', 'end B', 'begin C', 'end C']);
  });

  describe('the database a model is stored in', () => {
    const archive = { title: 'Archive', type: 'databases.SqliteType', config: { file: 'archive.db' } };
    const archiveFile = (): string => dbFile(dataDir, 'Archive', 'archive.db');

    test('db names another database element: the table is made there', async () => {
      app = await loadApp(writeModelApp({ 'databases/Archive': archive, 'models/Meeting': { db: 'databases.Archive' } }), { dataDir });
      await expect(app.getElement<ModelElement>('models.Meeting').create({ title: 'Archived' })).resolves.toMatchObject({ id: 1 });
      expect(columnsOf(archiveFile(), 'm_models_Meeting')).toContain('title');
    });

    test('without db, settings.defaultDatabase decides', async () => {
      app = await loadApp(writeModelApp({ 'databases/Archive': archive }, { defaultDatabase: 'databases.Archive' }), { dataDir });
      await expect(rowsOf(app.getElement<ModelElement>('models.Meeting').query())).resolves.toEqual([]);
      expect(columnsOf(archiveFile(), 'm_models_Meeting')).toContain('title');
    });

    test.each<[string, string, string]>([
      ['an unknown element', 'databases.Nope', 'ELEMENT_NOT_FOUND'],
      ['a Type rather than a database instance', 'databases.SqliteType', 'CONFIG_INVALID'],
    ])('db naming %s fails on first use', async (_what, db, code) => {
      app = await loadApp(writeModelApp({ 'models/Meeting': { db } }), { dataDir });
      await expect(rowsOf(app.getElement<ModelElement>('models.Meeting').query())).rejects.toMatchObject({ code });
    });
  });
});
