import Database from 'better-sqlite3';
import * as path from 'node:path';
import { JitError, loadApp, type ModelElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { tempDataDir, writeModelApp } from './writeModelApp';

/** Meeting's fields as the model-app fixture declares them. */
const meetingFields = [
  { name: 'title', title: 'Title', dataType: 'Stext' },
  { name: 'startTime', title: 'Starts at', dataType: 'Datetime' },
  { name: 'day', title: 'Day', dataType: 'Date' },
  { name: 'status', title: 'Status', dataType: 'Stext' },
  { name: 'attendees', title: 'Attendees', dataType: 'Integer' },
  { name: 'notes', title: 'Notes', dataType: 'JitDict' },
];

const standUp = { title: 'Stand-up', startTime: '2024-05-01 09:30:00', day: '2024-05-01', status: 'confirmed', attendees: 6, notes: { room: 'R1' } };

/** Loads `appDir` on `dataDir`, runs `fn` with its Meeting model, closes the app. */
async function withMeetings<T>(appDir: string, dataDir: string, fn: (meetings: ModelElement) => Promise<T>): Promise<T> {
  const app = await loadApp(appDir, { dataDir });
  try {
    return await fn(app.getElement<ModelElement>('models.Meeting'));
  } finally {
    await app.close();
  }
}

/** The file of database element `databases.<name>` (its config.file default `data.db`). */
function dbFile(dataDir: string, name = 'Default', file = 'data.db'): string {
  return path.join(dataDir, 'databases', name, file);
}

/** The column names of a table of the app's default database (or of `file`), read directly; [] if there is no such table. */
function columnsOf(dataDir: string, table: string, file = dbFile(dataDir)): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
  } finally {
    db.close();
  }
}

let dataDir: string;
let stored: Record<string, unknown>;
beforeEach(async () => {
  dataDir = tempDataDir();
  stored = await withMeetings(fixtureDir('model-app'), dataDir, (m) => m.create(standUp));
});

test('the table is m_<fullName with dots as underscores>, with id and a column per field', () => {
  expect(columnsOf(dataDir, 'm_models_Meeting')).toEqual(['id', 'title', 'startTime', 'day', 'status', 'attendees', 'notes']);
});

test('a field added to the model becomes a column on the next start; existing rows keep their data', async () => {
  const edited = writeModelApp({ 'models/Meeting': { fields: [...meetingFields, { name: 'priority', title: 'Priority', dataType: 'Integer' }] } });
  await withMeetings(edited, dataDir, async (meetings) => {
    await expect(meetings.get(stored.id)).resolves.toEqual({ ...stored, priority: null });
    await expect(meetings.create({ title: 'Urgent', priority: 1 })).resolves.toMatchObject({ id: 2, priority: 1 });
  });
  expect(columnsOf(dataDir, 'm_models_Meeting')).toContain('priority');
  // Back on the first definition, the extra column is a removed field: refused, data untouched.
  const err = await withMeetings(fixtureDir('model-app'), dataDir, (m) => m.query()).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT' });
});

test.each<[string, Array<Record<string, unknown>>, string]>([
  ['a changed dataType', meetingFields.map((f) => (f.name === 'attendees' ? { ...f, dataType: 'Stext' } : f)), 'attendees'],
  ['a removed field', meetingFields.filter((f) => f.name !== 'notes'), 'notes'],
  ['a field that becomes the primary key', meetingFields.map((f) => (f.name === 'title' ? { ...f, primaryKey: true } : f)), 'title'],
])('%s is SCHEMA_CONFLICT naming the field; the table and its rows stay as they were', async (_what, fields, field) => {
  const edited = writeModelApp({ 'models/Meeting': { fields } });
  const err = await withMeetings(edited, dataDir, (m) => m.query()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(JitError);
  expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT', fullName: 'models.Meeting', details: { fields: [field] } });
  expect((err as JitError).message).toContain(`'${field}'`);
  // Every operation is refused, not only the first.
  await withMeetings(edited, dataDir, async (meetings) => {
    await expect(meetings.create({ title: 'x' })).rejects.toMatchObject({ code: 'SCHEMA_CONFLICT' });
  });
  await expect(withMeetings(fixtureDir('model-app'), dataDir, (m) => m.query())).resolves.toEqual([stored]);
});

test('several conflicts are reported at once', async () => {
  const fields = meetingFields.filter((f) => f.name !== 'notes').map((f) => (f.name === 'day' ? { ...f, dataType: 'Datetime' } : f));
  const err = await withMeetings(writeModelApp({ 'models/Meeting': { fields } }), dataDir, (m) => m.query()).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT', details: { fields: ['day', 'notes'] } });
  expect((err as JitError).issues).toHaveLength(2);
});

test('a model with its own table name keeps its rows there', async () => {
  const edited = writeModelApp({ 'models/Meeting': { table: 'meetings' } });
  await withMeetings(edited, dataDir, async (meetings) => {
    await expect(meetings.query()).resolves.toEqual([]);
    await meetings.create({ title: 'Elsewhere' });
  });
  expect(columnsOf(dataDir, 'meetings')).toEqual(columnsOf(dataDir, 'm_models_Meeting'));
});

test('a table that exists but was not made by a model is not taken over', async () => {
  const edited = writeModelApp({ 'models/Meeting': { table: 'legacy_meetings' } });
  const db = new Database(dbFile(dataDir));
  db.exec('CREATE TABLE legacy_meetings (x TEXT)');
  db.close();
  await expect(withMeetings(edited, dataDir, (m) => m.query())).rejects.toMatchObject({ code: 'SCHEMA_CONFLICT' });
});

describe('the database a model is stored in', () => {
  const archive = { title: 'Archive', type: 'databases.SqliteType', config: { file: 'archive.db' } };

  test('db names another database element: the table is made there', async () => {
    const edited = writeModelApp({ 'databases/Archive': archive, 'models/Meeting': { db: 'databases.Archive' } });
    await withMeetings(edited, dataDir, async (meetings) => {
      await expect(meetings.create({ title: 'Archived' })).resolves.toMatchObject({ id: 1 });
    });
    expect(columnsOf(dataDir, 'm_models_Meeting', dbFile(dataDir, 'Archive', 'archive.db'))).toContain('title');
  });

  test('without db, settings.defaultDatabase decides', async () => {
    const edited = writeModelApp({ 'databases/Archive': archive }, { defaultDatabase: 'databases.Archive' });
    await withMeetings(edited, dataDir, async (meetings) => {
      await expect(meetings.query()).resolves.toEqual([]);
    });
    expect(columnsOf(dataDir, 'm_models_Meeting', dbFile(dataDir, 'Archive', 'archive.db'))).toContain('title');
  });

  test.each<[string, string, string]>([
    ['an unknown element', 'databases.Nope', 'ELEMENT_NOT_FOUND'],
    ['a Type rather than a database instance', 'databases.SqliteType', 'CONFIG_INVALID'],
  ])('db naming %s fails on first use', async (_what, db, code) => {
    const edited = writeModelApp({ 'models/Meeting': { db } });
    await expect(withMeetings(edited, dataDir, (m) => m.query())).rejects.toMatchObject({ code });
  });
});
