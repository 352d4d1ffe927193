import { AsyncResource } from 'node:async_hooks';
import { loadApp, ManualClock, type App, type ModelElement, type ModelRowChange, type TaskEvent, type TimerHandle } from 'jittask';
import type { DateFieldTaskSvc } from '../fixtures/datefield-harness/openDateFieldApp';
import { notified } from '../fixtures/datefield-app/elements/services/MeetingSvc';
import { fixtureDir } from '../fixtures/fixtureDir';
import { describePg, runSql } from '../support/pg';
import { onPostgres } from './onPostgres';
import { tempDataDir } from './writeModelApp';
import { rowsOf } from './rowsOf';

/** 2025-03-03 08:00 in Berlin, the zone of the datefield-app fixture. */
const START = Date.parse('2025-03-03T07:00:00Z');
const MINUTE = 60_000;
const REMINDER = 'tasks.MeetingReminder';

/**
 * A manual clock whose timers run in the async context that set them, as Node's own timers do
 * (ManualClock runs them in the context of `advance`): a wake-up set by a hook runs inside it.
 */
class ContextKeepingClock extends ManualClock {
  override setTimer(fn: () => void, ms: number): TimerHandle {
    return super.setTimer(AsyncResource.bind(fn), ms);
  }
}

describePg('date-field tasks follow model rows on PostgreSQL', ({ url }) => {
  let clock: ManualClock;
  let app: App;
  let svc: DateFieldTaskSvc;
  let meetings: ModelElement;
  let events: TaskEvent[];
  /** Settles at the next scheduler event of `kind` for `taskId`. */
  let nextEvent: (kind: TaskEvent['kind'], taskId: string) => Promise<TaskEvent>;

  beforeEach(async () => {
    await runSql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    notified.length = 0;
    clock = new ContextKeepingClock(START);
    app = await loadApp(onPostgres(fixtureDir('datefield-app')), {
      clock,
      dataDir: tempDataDir(),
      env: { ...process.env, DATABASE_URL: url },
    });
    svc = app.getElement<DateFieldTaskSvc>('services.TaskSvc');
    meetings = app.getElement<ModelElement>('models.Meeting');
    events = [];
    const waiting: Array<{ kind: string; taskId: string; resolve: (e: TaskEvent) => void }> = [];
    svc.service.onEvent((e) => {
      events.push(e);
      for (const w of waiting.filter((x) => x.kind === e.kind && x.taskId === e.taskId)) w.resolve(e);
    });
    nextEvent = (kind, taskId) => new Promise((resolve) => waiting.push({ kind, taskId, resolve }));
    await app.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    const closing = app.close();
    await clock.advance(svc.service.settings.shutdownGraceMs);
    await closing;
  });

  /** The pending reminders of the meeting with key `id`. */
  const pendingOf = (id: unknown) => svc.listTasks({ fullName: REMINDER, rowId: String(id), status: 'pending' });

  test('creating a confirmed meeting schedules one reminder 15 minutes before it, with the row as argument', async () => {
    const meeting = await meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    expect(await pendingOf(meeting.id)).toEqual([
      expect.objectContaining({
        fullName: REMINDER,
        funcName: 'services.MeetingSvc.notify',
        startTime: '2025-03-03 09:45:00',
        rowId: '1',
        argDict: { rowData: meeting },
      }),
    ]);
  });

  test('moving the meeting moves its reminder: the old task goes, one new one is pending', async () => {
    const meeting = await meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    const [before] = await pendingOf(meeting.id);
    await meetings.update(meeting.id, { startTime: '2025-03-03 11:30:00' });
    const after = await pendingOf(meeting.id);
    expect(after).toEqual([expect.objectContaining({ startTime: '2025-03-03 11:15:00' })]);
    await expect(svc.getTask(before!.taskId)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  test('deleting the meeting removes its reminder', async () => {
    const meeting = await meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    await meetings.delete(meeting.id);
    expect(await svc.listTasks({ fullName: REMINDER })).toEqual([]);
  });

  test('a write whose hook fails leaves neither the row nor its reminder, and a failed move keeps the old one', async () => {
    const failure = new Error("the model's own hook failed");
    const afterSave = meetings.afterSave.bind(meetings);
    jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj: ModelRowChange) => {
      await afterSave(rowObj); // the reminder is written, in the row's transaction
      if (rowObj.postData?.title !== 'Kept') throw failure;
    });
    await expect(meetings.create({ title: 'Doomed', startTime: '2025-03-03 10:00:00', status: 'confirmed' })).rejects.toBe(failure);
    await expect(rowsOf(meetings.query())).resolves.toEqual([]);
    expect(await svc.listTasks({})).toEqual([]);

    const kept = await meetings.create({ title: 'Kept', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
    const before = await pendingOf(kept.id);
    await expect(meetings.update(kept.id, { title: 'Moved', startTime: '2025-03-03 12:00:00' })).rejects.toBe(failure);
    expect(await pendingOf(kept.id)).toEqual(before);
  });

  test('the reminder runs when due, with the row as it is then', async () => {
    const meeting = await meetings.create({ title: 'Planning', startTime: '2025-03-03 08:16:00', status: 'confirmed' });
    const [task] = await pendingOf(meeting.id);
    expect(task).toMatchObject({ startTime: '2025-03-03 08:01:00' });
    await meetings.update(meeting.id, { title: 'Planning (room 2)' });
    let ended: TaskEvent | undefined;
    void nextEvent('ended', task!.taskId).then((e) => {
      ended = e;
    });
    await clock.advance(MINUTE);
    // The scheduler's passes wait for the server: let the timers they set for now fire until the task has run.
    while (!ended) await clock.advance(0);
    expect(ended).toMatchObject({ status: 'completed' });
    expect(notified).toEqual([
      expect.objectContaining({ fn: 'notify', taskId: task!.taskId, rowData: expect.objectContaining({ title: 'Planning (room 2)' }) }),
    ]);
  });

  test('a reminder written by a model write that is rolled back never runs, though its hook woke the scheduler', async () => {
    await clock.advance(0); // the start-up pass is over: the scheduler sleeps until its next poll
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failure = new Error('rolled back');
    const afterSave = meetings.afterSave.bind(meetings);
    const written = new Promise<string>((resolve) => {
      jest.spyOn(meetings, 'afterSave').mockImplementation(async (rowObj: ModelRowChange) => {
        await afterSave(rowObj);
        resolve((await pendingOf(rowObj.postData?.id))[0]!.taskId);
        await gate;
        throw failure;
      });
    });
    // Due at once: the hook's write wakes the scheduler from inside the open transaction.
    const writing = meetings.create({ title: 'Doomed', startTime: '2025-03-03 08:15:00', status: 'confirmed' });
    const taskId = await written;
    const started = nextEvent('started', taskId);
    await clock.advance(0);
    // The woken pass claims on a connection of its own and does not see the uncommitted task. Had it
    // joined the transaction, it would start the task within these round trips (the hook waits).
    for (let i = 0; i < 10; i++) await svc.service.queries.nextDueAt();
    release();
    await expect(writing).rejects.toBe(failure);
    await clock.advance(MINUTE);
    expect(await Promise.race([started.then(() => 'started'), svc.listTasks({}).then(() => 'not started')])).toBe('not started');
    expect(notified).toEqual([]);
    expect(await svc.listTasks({})).toEqual([]);
  });
});
