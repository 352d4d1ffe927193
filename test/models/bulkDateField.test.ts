import { loadApp, ManualClock, type App, type ModelElement } from 'jittask';
import type { DateFieldTaskSvc } from '../fixtures/datefield-harness/openDateFieldApp';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg, runSql } from '../support/pg';
import { onPostgres } from './onPostgres';
import { tempDataDir } from './writeModelApp';

/** 2025-03-03 08:00 in Berlin, the zone of the datefield-app fixture. */
const START = Date.parse('2025-03-03T07:00:00Z');
const REMINDER = 'tasks.MeetingReminder';

/**
 * The bulk writes of JitORM keep date-field tasks in step as single writes do: the datefield-app's
 * reminder is 15 minutes before each confirmed meeting.
 */
function bulkWritesKeepTasksInStep(load: (clock: ManualClock) => Promise<App>): void {
  let clock: ManualClock;
  let app: App;
  let svc: DateFieldTaskSvc;
  let meetings: ModelElement;

  beforeEach(async () => {
    clock = new ManualClock(START);
    app = await load(clock);
    svc = app.getElement<DateFieldTaskSvc>('services.TaskSvc');
    meetings = app.getElement<ModelElement>('models.Meeting');
    await app.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    const closing = app.close();
    await clock.advance(svc.service.settings.shutdownGraceMs);
    await closing;
  });

  /** Each pending reminder as [rowId, due time], by row. */
  const reminders = async () =>
    (await svc.listTasks({ fullName: REMINDER, status: 'pending' }))
      .map((t) => [t.rowId, t.startTime])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  test('createOrUpdateMany schedules the new rows and moves the updated ones', async () => {
    await meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    await meetings.createOrUpdateMany([
      { id: 1, startTime: '2025-03-03 11:00:00' },
      { title: 'Retro', startTime: '2025-03-04 09:00:00', status: 'confirmed' },
      { title: 'Draft', startTime: '2025-03-05 09:00:00', status: 'draft' },
    ]);
    await expect(reminders()).resolves.toEqual([
      ['1', '2025-03-03 10:45:00'],
      ['2', '2025-03-04 08:45:00'],
    ]);
  });

  test('updateByFilter moves every matching row’s task, adds those entering the filter and drops those leaving it', async () => {
    await meetings.create({ title: 'A', startTime: '2025-03-03 10:00:00', status: 'confirmed', room: 'R1' });
    await meetings.create({ title: 'B', startTime: '2025-03-03 12:00:00', status: 'confirmed', room: 'R2' });
    await meetings.create({ title: 'C', startTime: '2025-03-03 14:00:00', status: 'draft', room: 'R1' });
    await meetings.updateByFilter("Q(room='R1')", { startTime: '2025-03-04 09:00:00' });
    await expect(reminders()).resolves.toEqual([
      ['1', '2025-03-04 08:45:00'],
      ['2', '2025-03-03 11:45:00'],
    ]);
    await meetings.updateByFilter(Q_DRAFT_OR_R2, { status: 'confirmed' });
    await meetings.updateByPK([1], { status: 'cancelled' });
    await expect(reminders()).resolves.toEqual([
      ['2', '2025-03-03 11:45:00'],
      ['3', '2025-03-04 08:45:00'],
    ]);
  });

  test('updateOrAdd, deleteByFilter and deleteByPK', async () => {
    await meetings.updateOrAdd("Q(title='Sync')", [], {}, { title: 'Sync', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    await meetings.updateOrAdd("Q(title='Sync')", [], { startTime: '2025-03-03 16:00:00' }, { title: 'unused' });
    await meetings.create({ title: 'Other', startTime: '2025-03-03 12:00:00', status: 'confirmed' });
    await meetings.create({ title: 'Third', startTime: '2025-03-03 13:00:00', status: 'confirmed' });
    await expect(reminders()).resolves.toEqual([
      ['1', '2025-03-03 15:45:00'],
      ['2', '2025-03-03 11:45:00'],
      ['3', '2025-03-03 12:45:00'],
    ]);
    await meetings.deleteByFilter("Q(title__in=['Sync', 'Other'])");
    await expect(reminders()).resolves.toEqual([['3', '2025-03-03 12:45:00']]);
    await meetings.deleteByPK([3]);
    await expect(reminders()).resolves.toEqual([]);
  });

  test('a bulk write that fails leaves the tasks as they were', async () => {
    await meetings.create({ title: 'A', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    await meetings.create({ title: 'B', startTime: '2025-03-03 12:00:00', status: 'confirmed' });
    const before = await reminders();
    const failure = new Error('the second row fails');
    const afterSave = meetings.afterSave.bind(meetings);
    jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj) => {
      await afterSave(rowObj); // its reminder moves, in the write's transaction
      if (rowObj.postData?.title === 'B') throw failure;
    });
    await expect(meetings.updateByFilter(null, { startTime: '2025-03-05 10:00:00' })).rejects.toBe(failure);
    await expect(reminders()).resolves.toEqual(before);
  });
}

const Q_DRAFT_OR_R2 = "Q(status='draft') | Q(room='R2')";

describe('bulk writes keep date-field tasks in step on SQLite', () => {
  bulkWritesKeepTasksInStep((clock) => loadApp(fixtureDir('datefield-app'), { clock, dataDir: tempDataDir() }));
});

describePg('bulk writes keep date-field tasks in step on PostgreSQL', ({ url }) => {
  beforeEach(async () => {
    await runSql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });
  bulkWritesKeepTasksInStep((clock) =>
    loadApp(onPostgres(fixtureDir('datefield-app')), { clock, dataDir: tempDataDir(), env: { ...process.env, DATABASE_URL: url } }),
  );
});
