import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isJitError, ManualClock, type ModelRow, type TaskRecordView } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { writeDateFieldApp } from '../fixtures/datefield-harness/writeDateFieldApp';
import { fixtureDir } from '../fixtures/fixtureDir';

/** 2025-03-03 08:00 in Berlin, the zone of the datefield-app fixture. */
const START = Date.parse('2025-03-03T07:00:00Z');
const REMINDER = 'tasks.MeetingReminder';

let dataDir: string;
let clock: ManualClock;
let opened: OpenDateFieldApp;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-'));
  clock = new ManualClock(START);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The pending tasks of `template` for row `rowId` (at most one, by the rule under test). */
async function pendingOf(rowId: unknown, template = REMINDER): Promise<TaskRecordView[]> {
  return opened.svc.listTasks({ fullName: template, rowId: String(rowId), status: 'pending' });
}

/** The due time (`startTime`) of the row's one pending reminder, or null when it has none. */
async function reminderOf(rowId: unknown, template = REMINDER): Promise<string | null> {
  const pending = await pendingOf(rowId, template);
  expect(pending.length).toBeLessThanOrEqual(1);
  return pending[0]?.startTime ?? null;
}

describe('a meeting model with a reminder 15 minutes before each confirmed meeting', () => {
  let meeting: ModelRow;
  beforeEach(async () => {
    opened = await openDateFieldApp(fixtureDir('datefield-app'), clock, dataDir);
    meeting = await opened.meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
  });

  test('creating a meeting schedules its reminder, with the row as argument and rowId its key', async () => {
    const [task, ...more] = await pendingOf(meeting.id);
    expect(more).toEqual([]);
    expect(task).toMatchObject({
      fullName: REMINDER,
      taskType: 'tasks.DateFieldType',
      funcName: 'services.MeetingSvc.notify',
      startTime: '2025-03-03 09:45:00',
      rowId: '1',
      argDict: { rowData: meeting },
    });
  });

  test('moving the date moves the reminder: the old task goes, one new task is pending', async () => {
    const [before] = await pendingOf(meeting.id);
    await opened.meetings.update(meeting.id, { startTime: '2025-03-03 11:30:00' });
    const [after] = await pendingOf(meeting.id);
    expect(after).toMatchObject({ startTime: '2025-03-03 11:15:00' });
    expect(after!.taskId).not.toBe(before!.taskId);
    await expect(opened.svc.getTask(before!.taskId)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  test('changing an unrelated field leaves the task as it is', async () => {
    const [before] = await pendingOf(meeting.id);
    await opened.meetings.update(meeting.id, { title: 'Planning (room 2)', room: 'R2' });
    expect(await pendingOf(meeting.id)).toEqual([before]);
  });

  test('leaving the filter removes the reminder, entering it again brings one back', async () => {
    await opened.meetings.update(meeting.id, { status: 'cancelled' });
    expect(await reminderOf(meeting.id)).toBeNull();
    await opened.meetings.update(meeting.id, { status: 'confirmed' });
    expect(await reminderOf(meeting.id)).toBe('2025-03-03 09:45:00');
  });

  test('a meeting created outside the filter gets no reminder until it enters it', async () => {
    const draft = await opened.meetings.create({ title: 'Draft', startTime: '2025-03-04 10:00:00', status: 'draft' });
    expect(await reminderOf(draft.id)).toBeNull();
    await opened.meetings.update(draft.id, { status: 'confirmed' });
    expect(await reminderOf(draft.id)).toBe('2025-03-04 09:45:00');
  });

  test('deleting the meeting removes its reminder', async () => {
    await opened.meetings.delete(meeting.id);
    expect(await opened.svc.listTasks({ fullName: REMINDER })).toEqual([]);
  });

  test('a meeting whose reminder time has already passed gets none', async () => {
    const soon = await opened.meetings.create({ title: 'Stand-up', startTime: '2025-03-03 08:10:00', status: 'confirmed' });
    expect(await reminderOf(soon.id)).toBeNull();
    // Moved to a date whose reminder time has passed: the pending reminder goes too.
    await opened.meetings.update(meeting.id, { startTime: '2025-03-03 08:05:00' });
    expect(await reminderOf(meeting.id)).toBeNull();
  });

  test('clearing the date removes the reminder; setting it again schedules one', async () => {
    await opened.meetings.update(meeting.id, { startTime: null });
    expect(await reminderOf(meeting.id)).toBeNull();
    await opened.meetings.update(meeting.id, { startTime: '2025-03-05 10:00:00' });
    expect(await reminderOf(meeting.id)).toBe('2025-03-05 09:45:00');
  });

  test('a model write that fails leaves no task behind, and an earlier task as it was', async () => {
    const failure = new Error('hook failed');
    const afterSave = opened.meetings.afterSave.bind(opened.meetings);
    jest.spyOn(opened.meetings, 'afterSave').mockImplementation(async (rowObj) => {
      await afterSave(rowObj); // the base hook schedules the task, then the model's own code fails
      throw failure;
    });
    const [before] = await pendingOf(meeting.id);
    await expect(opened.meetings.create({ title: 'Doomed', startTime: '2025-03-04 10:00:00', status: 'confirmed' })).rejects.toBe(failure);
    await expect(opened.meetings.update(meeting.id, { startTime: '2025-03-03 12:00:00' })).rejects.toBe(failure);

    expect((await opened.meetings.query()).rowDatas.map((m) => [m.title, m.startTime])).toEqual([['Planning', '2025-03-03 10:00:00']]);
    expect(await opened.svc.listTasks({ fullName: REMINDER })).toEqual([before]);
  });

  test('listTasks filters by template and row', async () => {
    const other = await opened.meetings.create({ title: 'Review', startTime: '2025-03-04 10:00:00', status: 'confirmed' });
    expect((await opened.svc.listTasks({ fullName: REMINDER })).map((t) => t.rowId)).toEqual([String(other.id), String(meeting.id)]);
    expect((await opened.svc.listTasks({ rowId: String(other.id) })).map((t) => t.startTime)).toEqual(['2025-03-04 09:45:00']);
    await expect(opened.svc.listTasks({ rowId: 2 })).rejects.toMatchObject({ code: 'API_PARAMS_ERROR' });
  });
});

describe('saveDateFieldTask and deleteDateFieldTask called by hand (data that lives outside jittask)', () => {
  beforeEach(async () => {
    opened = await openDateFieldApp(fixtureDir('datefield-app'), clock, dataDir);
  });

  const external = { id: 501, title: 'Board meeting', startTime: '2025-03-10 15:00:00', status: 'confirmed' };

  test('twice with the same data: the first schedules, the second changes nothing', async () => {
    const first = await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: external });
    expect(first).toEqual({ scheduled: [expect.any(String)], removed: [] });
    expect(await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: external })).toEqual({ scheduled: [], removed: [] });
    expect((await pendingOf(501)).map((t) => t.taskId)).toEqual(first.scheduled);
  });

  test('a moved date answers with the task written and the one removed; delete removes it', async () => {
    const {
      scheduled: [first],
    } = await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: external });
    const moved = { ...external, startTime: '2025-03-11 15:00:00' };
    const answer = await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: moved, prevData: external });
    expect(answer).toEqual({ scheduled: [expect.any(String)], removed: [first] });
    expect(await reminderOf(501)).toBe('2025-03-11 14:45:00');
    expect(await opened.svc.deleteDateFieldTask({ model: 'models.Meeting', prevData: moved })).toEqual({ removed: answer.scheduled });
    expect(await opened.svc.deleteDateFieldTask({ model: 'models.Meeting', prevData: moved })).toEqual({ removed: [] });
  });

  test('with prevData whose relevant fields are unchanged, nothing is read or written', async () => {
    const renamed = { ...external, title: 'Board meeting (moved room)' };
    expect(await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: renamed, prevData: external })).toEqual({
      scheduled: [],
      removed: [],
    });
    expect(await pendingOf(501)).toEqual([]);
  });

  test('the same data in another form (a JS Date) is the same task', async () => {
    await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: external });
    const asDate = { ...external, startTime: new Date('2025-03-10T14:00:00Z') };
    const answer = await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: asDate });
    // The due time is the same; the snapshot now holds the Date as JSON, so the task is refreshed.
    expect(await reminderOf(501)).toBe('2025-03-10 14:45:00');
    expect(answer.scheduled).toHaveLength(1);
    expect((await pendingOf(501))[0]!.argDict).toEqual({ rowData: { ...external, startTime: '2025-03-10T14:00:00.000Z' } });
  });

  test('a rowObj without a model is refused with API_PARAMS_ERROR, unless its row came from a jittask model', async () => {
    await expect(opened.svc.saveDateFieldTask({ postData: external })).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      message: expect.stringContaining('rowObj names no model'),
    });
    const row = await opened.meetings.create({ title: 'Tagged', startTime: '2025-03-10 15:00:00', status: 'draft' });
    const stored = (await opened.meetings.get(row.id))!;
    expect(await opened.svc.saveDateFieldTask({ postData: stored })).toEqual({ scheduled: [], removed: [] });
    // A copy of the row does not carry its model: only the row itself does (here, prevData).
    await expect(opened.svc.saveDateFieldTask({ postData: { ...stored } })).rejects.toMatchObject({ code: 'API_PARAMS_ERROR' });
    expect(await opened.svc.saveDateFieldTask({ postData: { ...stored, status: 'confirmed' }, prevData: stored })).toEqual({
      scheduled: [expect.any(String)],
      removed: [],
    });
  });

  test.each<[string, unknown, string]>([
    ['a rowObj that is not an object', 'models.Meeting', 'rowObj'],
    ['an unknown key', { model: 'models.Meeting', postdata: external }, 'rowObj.postdata'],
    ['a model that is not a model', { model: 'services.MeetingSvc', postData: external }, 'rowObj.model'],
    ['an unknown model', { model: 'models.Meting', postData: external }, 'rowObj.model'],
    ['no postData', { model: 'models.Meeting', prevData: external }, 'rowObj.postData'],
    ['a row without its key', { model: 'models.Meeting', postData: { ...external, id: undefined } }, 'rowObj.id'],
    ['a row whose key is not of its type', { model: 'models.Meeting', postData: { ...external, id: 'abc' } }, 'rowObj.id'],
    ['a start field that is not a time', { model: 'models.Meeting', postData: { ...external, startTime: 'next Monday' } }, 'startTime'],
  ])('%s is refused with API_PARAMS_ERROR, nothing written', async (_what, rowObj, argument) => {
    const err = await opened.svc.saveDateFieldTask(rowObj).catch((e: unknown) => e);
    expect(isJitError(err, 'API_PARAMS_ERROR')).toBe(true);
    expect(JSON.stringify((err as { details?: unknown }).details)).toContain(argument);
    expect(await opened.svc.listTasks({})).toEqual([]);
  });
});

describe('template variants', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  test('a Date field with a day offset and a time of day, next to a Datetime field with the same', async () => {
    dir = writeDateFieldApp({
      MeetingReminder: { enable: false },
      DayBefore: {
        modelPath: 'models.Meeting',
        func: 'services.MeetingSvc.notify',
        timerCfg: { startField: 'day', startOffset: { offsetType: -1, offset: 1, offsetUnit: 'day' }, time: '17:00' },
      },
      MorningOf: {
        modelPath: 'models.Meeting',
        func: 'services.MeetingSvc.notify',
        timerCfg: { startField: 'startTime', startOffset: { offsetType: 0, offsetUnit: 'day' }, time: '07:30' },
      },
    });
    opened = await openDateFieldApp(dir, clock, dataDir);
    const row = await opened.meetings.create({ title: 'Offsite', day: '2025-03-07', startTime: '2025-03-06 13:00:00' });
    expect(await reminderOf(row.id, 'tasks.DayBefore')).toBe('2025-03-06 17:00:00');
    expect(await reminderOf(row.id, 'tasks.MorningOf')).toBe('2025-03-06 07:30:00');
    expect(await reminderOf(row.id)).toBeNull(); // the disabled fixture template writes nothing
  });

  test('the older dialect: a signed offset with a plural unit', async () => {
    dir = writeDateFieldApp({
      MeetingReminder: { enable: false },
      TwoHoursBefore: {
        modelPath: 'models.Meeting',
        func: 'services.MeetingSvc.notify',
        timerCfg: { startField: 'startTime', startOffset: { offset: -2, offsetUnit: 'hours' } },
      },
      HalfMinuteAfter: {
        modelPath: 'models.Meeting',
        func: 'services.MeetingSvc.notify',
        timerCfg: { startField: 'startTime', startOffset: { offset: 30, offsetUnit: 'seconds' } },
      },
    });
    opened = await openDateFieldApp(dir, clock, dataDir);
    const row = await opened.meetings.create({ title: 'Offsite', startTime: '2025-03-06 13:00:00' });
    expect(await reminderOf(row.id, 'tasks.TwoHoursBefore')).toBe('2025-03-06 11:00:00');
    expect((await pendingOf(row.id, 'tasks.HalfMinuteAfter'))[0]?.dueAt).toBe('2025-03-06T12:00:30.000Z');
  });

  test('getTaskTmplList lists date-field templates with their repeatType', async () => {
    dir = writeDateFieldApp({
      Birthday: {
        modelPath: 'models.Contact',
        func: 'services.MeetingSvc.greet',
        timerCfg: { startField: 'birthday', repeat: { repeatType: 'year' } },
      },
    });
    opened = await openDateFieldApp(dir, clock, dataDir);
    expect(await opened.svc.getTaskTmplList('')).toEqual([
      expect.objectContaining({ fullName: 'tasks.Birthday', taskType: 'tasks.DateFieldType', repeatType: 'year' }),
      expect.objectContaining({
        fullName: 'tasks.MeetingReminder',
        title: 'Meeting Reminder',
        taskType: 'tasks.DateFieldType',
        repeatType: 'normal',
      }),
    ]);
  });
});
