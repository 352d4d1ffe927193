import { loadApp, type App, type DatabaseElement, type ModelElement, type ModelRowChange } from 'jittask';
import type { NewTask } from '../../src/tasks/TaskRecord';
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
afterEach(async () => {
  jest.restoreAllMocks();
  await app.close();
});

const hookFailure = new Error('hook failed');

describe('a hook that throws rolls the write back, and the call rejects with its error', () => {
  test('afterSave of a create: no row', async () => {
    jest.spyOn(meetings, 'afterSave').mockRejectedValueOnce(hookFailure);
    await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
    await expect(meetings.query()).resolves.toEqual([]);
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
    const store = app.getElement<DatabaseElement>('databases.Default').taskStore();
    const reminderOf = (rowObj: ModelRowChange): NewTask => ({
      taskId: `reminder-${String(rowObj.postData?.id)}`, fullName: 'tasks.MeetingReminder', taskType: 'tasks.DateFieldType',
      funcName: 'services.MeetingSvc.notify', argDict: {}, dueAt: Date.UTC(2024, 4, 1), origin: 'dateField', createdAt: 0,
    });
    jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
      await store.insert([reminderOf(rowObj)]);
      if (rowObj.postData?.title === 'Doomed') throw hookFailure;
    });
    await meetings.create({ title: 'Kept' });
    await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
    await expect(store.get('reminder-1')).resolves.toMatchObject({ status: 'pending' });
    await expect(store.get('reminder-2')).resolves.toBeNull();
  });

  test("a hook that writes another model: both rows commit, or neither", async () => {
    jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
      await rooms.create({ code: String(rowObj.postData?.title) });
      if (rowObj.postData?.title === 'Doomed') throw hookFailure;
    });
    await meetings.create({ title: 'Kept' });
    await expect(meetings.create({ title: 'Doomed' })).rejects.toBe(hookFailure);
    expect((await meetings.query()).map((m) => m.title)).toEqual(['Kept']);
    expect((await rooms.query()).map((r) => r.code)).toEqual(['Kept']);
  });

  test('a nested write whose own hook fails is undone even when the outer hook carries on', async () => {
    jest.spyOn(rooms, 'afterSave').mockRejectedValueOnce(hookFailure);
    jest.spyOn(meetings, 'afterSave').mockImplementationOnce(async () => {
      await expect(rooms.create({ code: 'R1' })).rejects.toBe(hookFailure);
    });
    await meetings.create({ title: 'Stand-up' });
    await expect(meetings.query()).resolves.toHaveLength(1);
    await expect(rooms.query()).resolves.toEqual([]);
  });
});

test('concurrent writes take turns: each hook runs to its end before the next write begins', async () => {
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
