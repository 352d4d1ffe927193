import { DateTime } from 'luxon';
import { JitError, loadApp, type App, type ModelElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { hookCalls } from '../fixtures/model-app/elements/models/Meeting';
import { tempDataDir } from './writeModelApp';

let app: App;
let meetings: ModelElement;
let rooms: ModelElement;
beforeEach(async () => {
  app = await loadApp(fixtureDir('model-app'), { dataDir: tempDataDir() });
  meetings = app.getElement<ModelElement>('models.Meeting');
  rooms = app.getElement<ModelElement>('models.Room');
  hookCalls.length = 0;
});
afterEach(() => app.close());

/** The JitError a call rejects with. */
async function rejection(call: () => Promise<unknown>): Promise<JitError> {
  const err = await call().then(() => undefined, (e: unknown) => e);
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

const standUp = {
  title: 'Stand-up',
  startTime: '2024-05-01 09:30:00',
  day: '2024-05-01',
  status: 'confirmed',
  attendees: 6,
  notes: { room: 'R1', agenda: ['status', 'blockers'] },
};

describe('a model instance stores rows in its database', () => {
  test('create returns the stored row: the database-assigned id first, every field, absent ones null', async () => {
    await expect(meetings.create(standUp)).resolves.toEqual({ id: 1, ...standUp });
    await expect(meetings.create({ title: 'Retro' })).resolves.toEqual({
      id: 2, title: 'Retro', startTime: null, day: null, status: null, attendees: null, notes: null,
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
    await expect(meetings.update(row.id, { status: 'cancelled', notes: null })).resolves.toEqual({ ...row, status: 'cancelled', notes: null });
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
    await expect(meetings.query()).resolves.toEqual([]);
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
    expect(titles(await meetings.query(filter))).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a bad value', { attendees: 'many' }, 'attendees'],
  ])('%s is API_PARAMS_ERROR naming the field', async (_what, filter, field) => {
    const err = await rejection(() => meetings.query(filter));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.details.field).toBe(field);
  });
});

describe('values are converted by dataType on write and come back in one form', () => {
  test.each<[string, string, unknown, unknown]>([
    ['Datetime: app-zone text', 'startTime', '2024-05-01 09:30', '2024-05-01 09:30:00'],
    ['Datetime: ISO 8601 with offset, shown in the app zone', 'startTime', '2024-05-01T07:30:00Z', '2024-05-01 09:30:00'],
    ['Datetime: a JS Date', 'startTime', new Date('2024-12-01T07:30:00Z'), '2024-12-01 08:30:00'],
    ['Datetime: a luxon DateTime of another zone', 'startTime', DateTime.fromISO('2024-05-01T16:30:00', { zone: 'Asia/Tokyo' }), '2024-05-01 09:30:00'],
    ['Datetime: a wall time skipped by DST moves past the gap', 'startTime', '2024-03-31 02:30:00', '2024-03-31 03:00:00'],
    ['Date: text', 'day', '2024-02-29', '2024-02-29'],
    ['Date: a JS Date gives its day in the app zone', 'day', new Date('2024-05-01T23:30:00Z'), '2024-05-02'],
    ['Integer: a numeric string', 'attendees', '12', 12],
    ['JitDict: nested JSON', 'notes', { a: [1, { b: null }], c: true }, { a: [1, { b: null }], c: true }],
  ])('%s', async (_what, field, written, read) => {
    const row = await meetings.create({ [field]: written });
    expect(row[field]).toEqual(read);
    await expect(meetings.get(row.id)).resolves.toHaveProperty(field, read);
  });

  test.each<[string, string, unknown, unknown]>([
    ['Ltext: long text', 'description', 'x'.repeat(1000), 'x'.repeat(1000)],
    ['Numeric: a decimal string', 'area', '12.5', 12.5],
    ['Boolean: 1 comes back as true', 'accessible', 1, true],
    ['Boolean: "false" comes back as false', 'accessible', 'false', false],
    ['JitList', 'features', ['projector', { seats: 8 }], ['projector', { seats: 8 }]],
  ])('%s', async (_what, field, written, read) => {
    const row = await rooms.create({ code: 'R1', [field]: written });
    expect(row[field]).toEqual(read);
    await expect(rooms.get('R1')).resolves.toHaveProperty(field, read);
  });

  test('rows read after a restart equal the rows returned on write', async () => {
    const dataDir = tempDataDir();
    const first = await loadApp(fixtureDir('model-app'), { dataDir });
    const meeting = await first.getElement<ModelElement>('models.Meeting').create(standUp);
    const room = await first.getElement<ModelElement>('models.Room').create({ code: 'R1', description: 'Big', area: 30.5, accessible: true, features: ['tv'] });
    await first.close();
    const second = await loadApp(fixtureDir('model-app'), { dataDir });
    try {
      await expect(second.getElement<ModelElement>('models.Meeting').get(meeting.id)).resolves.toEqual(meeting);
      await expect(second.getElement<ModelElement>('models.Room').get('R1')).resolves.toEqual(room);
    } finally {
      await second.close();
    }
  });
});

describe('bad values are API_PARAMS_ERROR naming the field, and nothing is written', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['text for an Integer', { attendees: 'three' }, 'attendees'],
    ['a fraction for an Integer', { attendees: 1.5 }, 'attendees'],
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
    await expect(meetings.query()).resolves.toEqual([]);
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
    await expect(rooms.query({ accessible: true })).resolves.toEqual([{ ...r1, area: 22.5 }]);
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

  test('a key already used is refused and the first row kept', async () => {
    await rooms.create(r1);
    const err = await rejection(() => rooms.create({ code: 'R1', description: 'impostor' }));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.message).toContain('already exists');
    await expect(rooms.query()).resolves.toEqual([r1]);
  });

  test('the key cannot change in an update', async () => {
    await rooms.create(r1);
    const err = await rejection(() => rooms.update('R1', { code: 'R2' }));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.details.field).toBe('code');
    await expect(rooms.get('R1')).resolves.toEqual(r1);
  });
});
