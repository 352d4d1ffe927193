import { loadApp, type App, type ModelElement, type RowChange } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { tempDataDir } from './writeModelApp';
import { rowsOf } from './rowsOf';

describe('models publish their row changes on app.rowHooks', () => {
  let app: App;
  let rooms: ModelElement;
  beforeEach(async () => {
    app = await loadApp(fixtureDir('model-app'), { dataDir: tempDataDir() });
    rooms = app.getElement<ModelElement>('models.Room');
  });
  afterEach(async () => {
    await app.close();
  });

  test('a subscriber sees every create, update and delete with the row after and before it', async () => {
    const seen: RowChange[] = [];
    app.rowHooks.add((change) => {
      seen.push(change);
    });
    await rooms.create({ code: 'A1', area: 12 });
    await rooms.update('A1', { area: 14 });
    await rooms.delete('A1');
    expect(seen).toEqual([
      { model: 'models.Room', postData: expect.objectContaining({ code: 'A1', area: 12 }), prevData: null },
      {
        model: 'models.Room',
        postData: expect.objectContaining({ code: 'A1', area: 14 }),
        prevData: expect.objectContaining({ code: 'A1', area: 12 }),
      },
      { model: 'models.Room', postData: null, prevData: expect.objectContaining({ code: 'A1', area: 14 }) },
    ]);
  });

  test('a subscriber runs inside the write: what it writes commits with the row, and its failure rolls both back', async () => {
    const refused = new Error('no room B');
    app.rowHooks.add(async (change) => {
      if (!change.postData || change.prevData || String(change.postData.code).endsWith('-annex')) return;
      await rooms.create({ code: `${String(change.postData.code)}-annex` });
      if (String(change.postData.code).startsWith('B')) throw refused;
    });
    await rooms.create({ code: 'A1' });
    await expect(rooms.create({ code: 'B1' })).rejects.toBe(refused);
    expect((await rowsOf(rooms.query())).map((row) => row.code)).toEqual(['A1', 'A1-annex']);
  });

  test('an unsubscribed hook is no longer called', async () => {
    const calls: string[] = [];
    const remove = app.rowHooks.add((change) => {
      calls.push(String(change.postData?.code));
    });
    await rooms.create({ code: 'A1' });
    remove();
    await rooms.create({ code: 'A2' });
    expect(calls).toEqual(['A1']);
  });
});

describe('a model followed by a date-field template', () => {
  test('its writes call services.TaskSvc.saveDateFieldTask and deleteDateFieldTask, so a Type wrapping TaskSvc sees them', async () => {
    const app = await loadApp(fixtureDir('datefield-app'), { dataDir: tempDataDir() });
    try {
      const svc = app.getElement<{ callFunction(name: string, args: object): Promise<unknown> }>('services.TaskSvc');
      const called: string[] = [];
      const real = svc.callFunction.bind(svc);
      svc.callFunction = (name, args) => {
        called.push(name);
        return real(name, args);
      };
      const meetings = app.getElement<ModelElement>('models.Meeting');
      const row = await meetings.create({ title: 'Review', startTime: '2099-03-03 10:00:00', status: 'confirmed' });
      await meetings.delete(row.id as number);
      expect(called).toEqual(['saveDateFieldTask', 'deleteDateFieldTask']);
    } finally {
      await app.close();
    }
  });
});
