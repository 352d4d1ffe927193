import { DateTime } from 'luxon';
import { JitError, type App, type DatabaseElement, type ModelElement, type ModelRowChange } from 'jittask';
import type { NewTask } from '../../src/tasks/TaskRecord';
import { openTaskQueries } from '../../src/tasks/queries/openTaskQueries';
import { openTaskStore } from '../../src/tasks/store/openTaskStore';
import { fixtureDir } from '../fixtures/fixtureDir';
import { hookCalls } from '../fixtures/model-app/elements/models/Meeting';
import { writeModelApp } from './writeModelApp';
import { rowsOf } from './rowsOf';

/** One kind of database the model behaviour runs on. */
export interface ModelBackend {
  /**
   * Loads the app in `dir` (the `model-app` fixture, or an app `writeModelApp` wrote) with its
   * default database on this kind, the test's own. Loading again is a restart on the same data.
   */
  load(dir: string): Promise<App>;
  /** The column names of `table` in the test's database, read directly; [] when there is no such table. */
  columns(table: string): Promise<string[]>;
  /** Runs `sql` on the test's database directly, outside jittask. */
  exec(sql: string): Promise<void>;
}

/** Meeting's fields as the model-app fixture declares them. */
const meetingFields = [
  { name: 'title', title: 'Title', dataType: 'Stext' },
  { name: 'startTime', title: 'Starts at', dataType: 'Datetime' },
  { name: 'day', title: 'Day', dataType: 'Date' },
  { name: 'status', title: 'Status', dataType: 'Stext' },
  { name: 'attendees', title: 'Attendees', dataType: 'Integer' },
  { name: 'notes', title: 'Notes', dataType: 'JitDict' },
];

const standUp = {
  title: 'Stand-up',
  startTime: '2024-05-01 09:30:00',
  day: '2024-05-01',
  status: 'confirmed',
  attendees: 6,
  notes: { room: 'R1', agenda: ['status', 'blockers'] },
};

const hookFailure = new Error('hook failed');

/** The JitError a call rejects with. */
async function rejection(call: () => Promise<unknown>): Promise<JitError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

/**
 * The behaviour of models on every database, declared as tests inside the caller's `describe`: one
 * suite run against each backend proves a host app may move its models between them.
 */
export function modelContract(backend: ModelBackend): void {
  const opened: App[] = [];
  /** Loads `dir` on the backend; closed after the test. */
  const load = async (dir: string): Promise<App> => {
    const loaded = await backend.load(dir);
    opened.push(loaded);
    return loaded;
  };
  /** Loads `dir`, runs `fn` with its Meeting model, closes the app. */
  const withMeetings = async <T>(dir: string, fn: (meetings: ModelElement) => Promise<T>): Promise<T> => {
    const loaded = await backend.load(dir);
    try {
      return await fn(loaded.getElement<ModelElement>('models.Meeting'));
    } finally {
      await loaded.close();
    }
  };

  let app: App;
  let meetings: ModelElement;
  let rooms: ModelElement;
  beforeEach(async () => {
    app = await load(fixtureDir('model-app'));
    meetings = app.getElement<ModelElement>('models.Meeting');
    rooms = app.getElement<ModelElement>('models.Room');
    hookCalls.length = 0;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const loaded of opened.splice(0)) await loaded.close();
  });

  describe('a model instance stores rows in its database', () => {
    test('create returns the stored row: the database-assigned id first, every field, absent ones null', async () => {
      await expect(meetings.create(standUp)).resolves.toEqual({ id: 1, ...standUp });
      await expect(meetings.create({ title: 'Retro' })).resolves.toEqual({
        id: 2,
        title: 'Retro',
        startTime: null,
        day: null,
        status: null,
        attendees: null,
        notes: null,
      });
    });

    test('get finds a row by id (an integer string too), null when there is none', async () => {
      const row = await meetings.create(standUp);
      await expect(meetings.get(row.id)).resolves.toEqual(row);
      await expect(meetings.get(String(row.id))).resolves.toEqual(row);
      await expect(meetings.get(999)).resolves.toBeNull();
    });

    test('update changes the given fields only, null clears one, and returns the stored row', async () => {
      const row = await meetings.create(standUp);
      await expect(meetings.update(row.id, { status: 'cancelled', notes: null })).resolves.toEqual({
        ...row,
        status: 'cancelled',
        notes: null,
      });
      await expect(meetings.get(row.id)).resolves.toEqual({ ...row, status: 'cancelled', notes: null });
    });

    test('update takes a whole row passed back, id included, but the id cannot change', async () => {
      const row = await meetings.create(standUp);
      await expect(meetings.update(row.id, { ...row, attendees: 7 })).resolves.toEqual({ ...row, attendees: 7 });
      const err = await rejection(() => meetings.update(row.id, { id: 42 }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe('id');
    });

    test('delete returns the row as it was; it is gone afterwards', async () => {
      const row = await meetings.create(standUp);
      await expect(meetings.delete(row.id)).resolves.toEqual(row);
      await expect(meetings.get(row.id)).resolves.toBeNull();
      await expect(rowsOf(meetings.query())).resolves.toEqual([]);
    });

    test.each<[string, (m: ModelElement) => Promise<unknown>]>([
      ['update', (m) => m.update(999, { status: 'confirmed' })],
      ['delete', (m) => m.delete(999)],
    ])('%s of an unknown id is API_PARAMS_ERROR "no row with id"', async (_what, call) => {
      const err = await rejection(() => call(meetings));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.message).toContain('no row with id 999');
      expect(hookCalls).toEqual([]);
    });

    test('an id that is not an integer is API_PARAMS_ERROR naming id', async () => {
      const err = await rejection(() => meetings.get('abc'));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe('id');
    });
  });

  describe('query', () => {
    beforeEach(async () => {
      await meetings.create({ title: 'Stand-up', status: 'confirmed', attendees: 6, startTime: '2024-05-01 09:30:00' });
      await meetings.create({ title: 'Retro', status: 'draft', attendees: 6 });
      await meetings.create({ title: 'Planning', status: 'confirmed', attendees: 4 });
      await meetings.create({ title: 'Lunch' });
    });
    const titles = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.title);

    test.each<[string, Record<string, unknown> | undefined, string[]]>([
      ['no filter: every row, in insertion order', undefined, ['Stand-up', 'Retro', 'Planning', 'Lunch']],
      ['one field', { status: 'confirmed' }, ['Stand-up', 'Planning']],
      ['every field must match', { status: 'confirmed', attendees: 6 }, ['Stand-up']],
      ['values are read as on write ("4" for an Integer)', { attendees: '4' }, ['Planning']],
      ['a Datetime matches the same instant however it is written', { startTime: '2024-05-01T07:30:00Z' }, ['Stand-up']],
      ['null matches rows without a value', { status: null }, ['Lunch']],
      ['by id', { id: 2 }, ['Retro']],
      ['nothing matches', { status: 'cancelled' }, []],
    ])('%s', async (_what, filter, expected) => {
      expect(titles(await rowsOf(meetings.query(filter)))).toEqual(expected);
    });

    test('rows keep their insertion order after updates, also in a model keyed by its own field', async () => {
      await meetings.update(1, { title: 'Stand-up (moved)' });
      expect(titles(await rowsOf(meetings.query({ status: 'confirmed' })))).toEqual(['Stand-up (moved)', 'Planning']);
      for (const code of ['R9', 'R1', 'R5']) await rooms.create({ code });
      await rooms.update('R9', { area: 9 });
      expect((await rowsOf(rooms.query())).map((r) => r.code)).toEqual(['R9', 'R1', 'R5']);
    });

    test.each<[string, Record<string, unknown>, string]>([
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a bad value', { attendees: 'many' }, 'attendees'],
    ])('%s is API_PARAMS_ERROR naming the field', async (_what, filter, field) => {
      const err = await rejection(() => rowsOf(meetings.query(filter)));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe(field);
    });
  });

  describe('values are converted by dataType on write and come back in one form', () => {
    test.each<[string, string, unknown, unknown]>([
      ['Datetime: app-zone text', 'startTime', '2024-05-01 09:30', '2024-05-01 09:30:00'],
      ['Datetime: ISO 8601 with offset, shown in the app zone', 'startTime', '2024-05-01T07:30:00Z', '2024-05-01 09:30:00'],
      ['Datetime: a JS Date', 'startTime', new Date('2024-12-01T07:30:00Z'), '2024-12-01 08:30:00'],
      [
        'Datetime: a luxon DateTime of another zone',
        'startTime',
        DateTime.fromISO('2024-05-01T16:30:00', { zone: 'Asia/Tokyo' }),
        '2024-05-01 09:30:00',
      ],
      ['Datetime: a wall time skipped by DST moves past the gap', 'startTime', '2024-03-31 02:30:00', '2024-03-31 03:00:00'],
      ['Datetime: far ahead, past 32-bit seconds', 'startTime', '2100-01-01 00:00:00', '2100-01-01 00:00:00'],
      ['Date: text', 'day', '2024-02-29', '2024-02-29'],
      ['Date: a JS Date gives its day in the app zone', 'day', new Date('2024-05-01T23:30:00Z'), '2024-05-02'],
      ['Integer: a numeric string', 'attendees', '12', 12],
      ['Integer: the largest safe integer', 'attendees', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      ['Integer: negative', 'attendees', -3, -3],
      ['JitDict: nested JSON', 'notes', { a: [1, { b: null }], c: true }, { a: [1, { b: null }], c: true }],
      [
        'JitDict: keys keep their order, text keeps every character',
        'notes',
        { z: 1, a: 'é\u0000"\\', m: 1.5 },
        { z: 1, a: 'é\u0000"\\', m: 1.5 },
      ],
    ])('%s', async (_what, field, written, read) => {
      const row = await meetings.create({ [field]: written });
      expect(row[field]).toEqual(read);
      const stored = await meetings.get(row.id);
      expect(stored).toHaveProperty(field, read);
      if (field === 'notes') expect(Object.keys(stored!.notes as object)).toEqual(Object.keys(read as object));
    });

    test.each<[string, string, unknown, unknown]>([
      ['Ltext: long text', 'description', 'x'.repeat(1000), 'x'.repeat(1000)],
      ['Numeric: a decimal string', 'area', '12.5', 12.5],
      ['Numeric: a value with many digits comes back exactly', 'area', 0.1 + 0.2, 0.1 + 0.2],
      ['Boolean: 1 comes back as true', 'accessible', 1, true],
      ['Boolean: "false" comes back as false', 'accessible', 'false', false],
      ['JitList', 'features', ['projector', { seats: 8 }], ['projector', { seats: 8 }]],
    ])('%s', async (_what, field, written, read) => {
      const row = await rooms.create({ code: 'R1', [field]: written });
      expect(row[field]).toEqual(read);
      await expect(rooms.get('R1')).resolves.toHaveProperty(field, read);
    });

    test('rows read after a restart equal the rows returned on write', async () => {
      const first = await backend.load(fixtureDir('model-app'));
      const meeting = await first.getElement<ModelElement>('models.Meeting').create(standUp);
      const room = await first
        .getElement<ModelElement>('models.Room')
        .create({ code: 'R1', description: 'Big', area: 30.5, accessible: true, features: ['tv'] });
      await first.close();
      const second = await load(fixtureDir('model-app'));
      await expect(second.getElement<ModelElement>('models.Meeting').get(meeting.id)).resolves.toEqual(meeting);
      await expect(second.getElement<ModelElement>('models.Room').get('R1')).resolves.toEqual(room);
    });
  });

  describe('bad values are API_PARAMS_ERROR naming the field, and nothing is written', () => {
    test.each<[string, Record<string, unknown>, string]>([
      ['text for an Integer', { attendees: 'three' }, 'attendees'],
      ['a fraction for an Integer', { attendees: 1.5 }, 'attendees'],
      ['an integer beyond the safe range', { attendees: 2 ** 53 }, 'attendees'],
      ['an Stext over 255 characters', { title: 'x'.repeat(256) }, 'title'],
      ['an unparseable Datetime', { startTime: 'tomorrow' }, 'startTime'],
      ['a day that does not exist', { day: '2023-02-29' }, 'day'],
      ['a list for a JitDict', { notes: [1, 2] }, 'notes'],
      ['a JitDict holding a value JSON would change', { notes: { at: new Date() } }, 'notes'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an id, which the database assigns', { id: 5, title: 'x' }, 'id'],
    ])('create: %s', async (_what, data, field) => {
      const err = await rejection(() => meetings.create({ title: 'ok', ...data }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe(field);
      expect(err.message).toContain(`'${field}'`);
      expect(err.message).toContain('models.Meeting.create');
      await expect(rowsOf(meetings.query())).resolves.toEqual([]);
      expect(hookCalls).toEqual([]);
    });

    test('update: the row is left as it was', async () => {
      const row = await meetings.create(standUp);
      hookCalls.length = 0;
      const err = await rejection(() => meetings.update(row.id, { status: 'confirmed', attendees: 'lots' }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe('attendees');
      await expect(meetings.get(row.id)).resolves.toEqual(row);
      expect(hookCalls).toEqual([]);
    });

    test('data that is not an object', async () => {
      const err = await rejection(() => meetings.create(['title'] as unknown as Record<string, unknown>));
      expect(err.code).toBe('API_PARAMS_ERROR');
    });
  });

  describe('hooks receive the row before and after each write', () => {
    test('afterSave on create (no prevData) and update; afterDelete with the deleted row as prevData', async () => {
      const created = await meetings.create(standUp);
      const updated = await meetings.update(created.id, { status: 'cancelled' });
      await meetings.delete(created.id);
      expect(hookCalls).toEqual([
        { hook: 'afterSave', rowObj: { model: 'models.Meeting', prevData: null, postData: created } },
        { hook: 'afterSave', rowObj: { model: 'models.Meeting', prevData: created, postData: updated } },
        { hook: 'afterDelete', rowObj: { model: 'models.Meeting', prevData: updated, postData: null } },
      ]);
    });
  });

  describe('a model keyed by its own primaryKey field (Room: code, Stext)', () => {
    const r1 = { code: 'R1', description: 'Corner room', area: 20, accessible: true, features: ['whiteboard'] };

    test('rows carry the key field and no id; get, update and delete take the key', async () => {
      await expect(rooms.create(r1)).resolves.toEqual(r1);
      await expect(rooms.get('R1')).resolves.toEqual(r1);
      await expect(rooms.update('R1', { area: 22.5 })).resolves.toEqual({ ...r1, area: 22.5 });
      await expect(rowsOf(rooms.query({ accessible: true }))).resolves.toEqual([{ ...r1, area: 22.5 }]);
      await expect(rooms.delete('R1')).resolves.toEqual({ ...r1, area: 22.5 });
      await expect(rooms.get('R1')).resolves.toBeNull();
    });

    test.each<[string, Record<string, unknown>]>([
      ['a missing key', { description: 'no code' }],
      ['a null key', { code: null }],
    ])('create with %s is API_PARAMS_ERROR naming the key', async (_what, data) => {
      const err = await rejection(() => rooms.create(data));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe('code');
    });

    test('a key already used is refused, its hook not called, and the first row kept', async () => {
      await rooms.create(r1);
      const afterSave = jest.spyOn(rooms, 'afterSave');
      const err = await rejection(() => rooms.create({ code: 'R1', description: 'impostor' }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.message).toContain('already exists');
      expect(err.details.field).toBe('code');
      expect(afterSave).not.toHaveBeenCalled();
      await expect(rowsOf(rooms.query())).resolves.toEqual([r1]);
    });

    test('the key cannot change in an update', async () => {
      await rooms.create(r1);
      const err = await rejection(() => rooms.update('R1', { code: 'R2' }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.field).toBe('code');
      await expect(rooms.get('R1')).resolves.toEqual(r1);
    });
  });

  describe('a hook that throws rolls the write back, and the call rejects with its error', () => {
    test('afterSave of a create: no row', async () => {
      jest.spyOn(meetings, 'afterSave').mockRejectedValueOnce(hookFailure);
      await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
      await expect(rowsOf(meetings.query())).resolves.toEqual([]);
      // The transaction is over: the next write goes through.
      await expect(meetings.create({ title: 'Fine' })).resolves.toMatchObject({ title: 'Fine' });
    });

    test('afterSave of an update: the row as it was', async () => {
      const row = await meetings.create({ title: 'Stand-up', status: 'draft' });
      jest.spyOn(meetings, 'afterSave').mockRejectedValueOnce(hookFailure);
      await expect(meetings.update(row.id, { status: 'confirmed' })).rejects.toBe(hookFailure);
      await expect(meetings.get(row.id)).resolves.toEqual(row);
    });

    test('afterDelete: the row is still there', async () => {
      const row = await meetings.create({ title: 'Stand-up' });
      jest.spyOn(meetings, 'afterDelete').mockRejectedValueOnce(hookFailure);
      await expect(meetings.delete(row.id)).rejects.toBe(hookFailure);
      await expect(meetings.get(row.id)).resolves.toEqual(row);
    });
  });

  describe('what a hook writes is part of the same transaction', () => {
    test('a task written to the task store of the same database is rolled back with the row', async () => {
      const store = openTaskStore(app.getElement<DatabaseElement>('databases.Default'));
      const reminderOf = (rowObj: ModelRowChange): NewTask => ({
        taskId: `reminder-${String(rowObj.postData?.id)}`,
        fullName: 'tasks.MeetingReminder',
        taskType: 'tasks.DateFieldType',
        funcName: 'services.MeetingSvc.notify',
        argDict: {},
        dueAt: Date.UTC(2024, 4, 1),
        origin: 'dateField',
        createdAt: 0,
        attempt: 1,
      });
      jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
        await store.insert([reminderOf(rowObj)]);
        if (rowObj.postData?.title === 'Doomed') throw hookFailure;
      });
      await meetings.create({ title: 'Kept' });
      await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
      const queries = openTaskQueries(app.getElement<DatabaseElement>('databases.Default'));
      await expect(queries.get('reminder-1')).resolves.toMatchObject({ status: 'pending' });
      await expect(queries.get('reminder-2')).resolves.toBeNull();
    });

    test('a hook that writes another model: both rows commit, or neither', async () => {
      jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
        await rooms.create({ code: String(rowObj.postData?.title) });
        if (rowObj.postData?.title === 'Doomed') throw hookFailure;
      });
      await meetings.create({ title: 'Kept' });
      await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
      expect((await rowsOf(meetings.query())).map((m) => m.title)).toEqual(['Kept']);
      expect((await rowsOf(rooms.query())).map((r) => r.code)).toEqual(['Kept']);
    });

    test('a nested write whose own hook fails is undone even when the outer hook carries on', async () => {
      jest.spyOn(rooms, 'afterSave').mockRejectedValueOnce(hookFailure);
      jest.spyOn(meetings, 'afterSave').mockImplementationOnce(async () => {
        await expect(rooms.create({ code: 'R1' })).rejects.toBe(hookFailure);
      });
      await meetings.create({ title: 'Stand-up' });
      await expect(rowsOf(meetings.query())).resolves.toHaveLength(1);
      await expect(rowsOf(rooms.query())).resolves.toEqual([]);
    });

    test('a model first used in a hook whose write is rolled back still works afterwards (its table is made again)', async () => {
      jest.spyOn(meetings, 'afterSave').mockImplementationOnce(async () => {
        await rooms.create({ code: 'R1' });
        throw hookFailure;
      });
      await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
      await expect(backend.columns('m_models_Room')).resolves.toEqual([]);
      await expect(rooms.create({ code: 'R2' })).resolves.toMatchObject({ code: 'R2' });
      await expect(rowsOf(rooms.query())).resolves.toEqual([expect.objectContaining({ code: 'R2' })]);
    });
  });

  describe('the table and its schema', () => {
    let stored: Record<string, unknown>;
    beforeEach(async () => {
      stored = await meetings.create(standUp);
      await app.close();
    });

    test('the table is m_<fullName with dots as underscores>, with id and a column per field', async () => {
      await expect(backend.columns('m_models_Meeting')).resolves.toEqual([
        'id',
        'title',
        'startTime',
        'day',
        'status',
        'attendees',
        'notes',
      ]);
    });

    test('a field added to the model becomes a column on the next start; existing rows keep their data', async () => {
      const edited = writeModelApp({
        'models/Meeting': { fields: [...meetingFields, { name: 'priority', title: 'Priority', dataType: 'Integer' }] },
      });
      await withMeetings(edited, async (m) => {
        await expect(m.get(stored.id)).resolves.toEqual({ ...stored, priority: null });
        await expect(m.create({ title: 'Urgent', priority: 1 })).resolves.toMatchObject({ id: 2, priority: 1 });
      });
      await expect(backend.columns('m_models_Meeting')).resolves.toContain('priority');
      // Back on the first definition, the extra column is a removed field: refused, data untouched.
      const err = await withMeetings(fixtureDir('model-app'), (m) => rowsOf(m.query())).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT' });
    });

    test.each<[string, Array<Record<string, unknown>>, string]>([
      ['a changed dataType', meetingFields.map((f) => (f.name === 'attendees' ? { ...f, dataType: 'Stext' } : f)), 'attendees'],
      ['a removed field', meetingFields.filter((f) => f.name !== 'notes'), 'notes'],
      ['a field that becomes the primary key', meetingFields.map((f) => (f.name === 'title' ? { ...f, primaryKey: true } : f)), 'title'],
    ])('%s is SCHEMA_CONFLICT naming the field; the table and its rows stay as they were', async (_what, fields, field) => {
      const edited = writeModelApp({ 'models/Meeting': { fields } });
      const err = await withMeetings(edited, (m) => rowsOf(m.query())).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JitError);
      expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT', fullName: 'models.Meeting', details: { fields: [field] } });
      expect((err as JitError).message).toContain(`'${field}'`);
      // Every operation is refused, not only the first.
      await withMeetings(edited, async (m) => {
        await expect(m.create({ title: 'x' })).rejects.toMatchObject({ code: 'SCHEMA_CONFLICT' });
      });
      await expect(withMeetings(fixtureDir('model-app'), (m) => rowsOf(m.query()))).resolves.toEqual([stored]);
    });

    test('several conflicts are reported at once', async () => {
      const fields = meetingFields.filter((f) => f.name !== 'notes').map((f) => (f.name === 'day' ? { ...f, dataType: 'Datetime' } : f));
      const err = await withMeetings(writeModelApp({ 'models/Meeting': { fields } }), (m) => rowsOf(m.query())).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT', details: { fields: ['day', 'notes'] } });
      expect((err as JitError).issues).toHaveLength(2);
    });

    test('a model with its own table name keeps its rows there', async () => {
      const edited = writeModelApp({ 'models/Meeting': { table: 'meetings' } });
      await withMeetings(edited, async (m) => {
        await expect(rowsOf(m.query())).resolves.toEqual([]);
        await m.create({ title: 'Elsewhere' });
      });
      await expect(backend.columns('meetings')).resolves.toEqual(await backend.columns('m_models_Meeting'));
    });

    test('a table that exists but was not made by a model is not taken over', async () => {
      await backend.exec('CREATE TABLE legacy_meetings (x TEXT)');
      const edited = writeModelApp({ 'models/Meeting': { table: 'legacy_meetings' } });
      await expect(withMeetings(edited, (m) => rowsOf(m.query()))).rejects.toMatchObject({ code: 'SCHEMA_CONFLICT' });
    });

    test('a table dropped by hand is made again on the next start', async () => {
      await backend.exec('DROP TABLE "m_models_Meeting"');
      await expect(withMeetings(fixtureDir('model-app'), (m) => rowsOf(m.query()))).resolves.toEqual([]);
      await expect(backend.columns('m_models_Meeting')).resolves.toContain('notes');
    });
  });
}
