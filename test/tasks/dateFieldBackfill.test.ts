import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, type SqliteDatabaseElement } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { writeDateFieldApp, type DateFieldDefine } from '../fixtures/datefield-harness/writeDateFieldApp';
import { notified } from '../fixtures/datefield-app/elements/services/MeetingSvc';

/** 2025-03-03 08:00 in Berlin, the zone of the datefield-app fixture. */
const START = Date.parse('2025-03-03T07:00:00Z');
const MINUTE = 60_000;
const REMINDER = 'tasks.MeetingReminder';

let appDir: string;
let dataDir: string;
let clock: ManualClock;
let opened: OpenDateFieldApp | undefined;

beforeEach(() => {
  notified.length = 0;
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-app-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-'));
});
afterEach(async () => {
  await opened?.close();
  opened = undefined;
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** (Re)starts the app at `at` with `templates` written over the fixture's (a restart keeps the data). */
async function startWith(templates: Record<string, DateFieldDefine>, at: number): Promise<OpenDateFieldApp> {
  await opened?.close();
  writeDateFieldApp(templates, appDir);
  clock = new ManualClock(at);
  opened = await openDateFieldApp(appDir, clock, dataDir);
  return opened;
}

/** rowId → due time of every pending task of `template`. */
async function pendingByRow(template = REMINDER): Promise<Record<string, string>> {
  const byRow: Record<string, string> = {};
  // A page is at most 10,000 tasks (the listing's bound): read them all, page by page.
  for (let offset = 0; ; offset += 10_000) {
    const page = await opened!.svc.listTasks({ fullName: template, status: 'pending', limit: 10_000, offset });
    for (const t of page) byRow[t.rowId!] = t.startTime;
    if (page.length < 10_000) return byRow;
  }
}

const disabled = { MeetingReminder: { enable: false } };
/** The fixture's reminder with another offset (in minutes before). */
const minutesBefore = (offset: number): Record<string, DateFieldDefine> => ({
  MeetingReminder: { timerCfg: { startField: 'startTime', startOffset: { offsetType: -1, offset, offsetUnit: 'minute' } } },
});

/** Meetings written while no template followed the model. */
async function existingMeetings(): Promise<void> {
  const app = await startWith(disabled, START);
  await app.meetings.create({ title: 'Planning', startTime: '2025-03-03 10:00:00', status: 'confirmed' });
  await app.meetings.create({ title: 'Review', startTime: '2025-03-04 16:00:00', status: 'confirmed' });
  await app.meetings.create({ title: 'Draft', startTime: '2025-03-04 17:00:00', status: 'draft' });
  await app.meetings.create({ title: 'Yesterday', startTime: '2025-03-02 10:00:00', status: 'confirmed' });
  expect(await opened!.svc.listTasks({})).toEqual([]);
}

test('a template new to the app gives every existing row its task on start, and reports its progress', async () => {
  await existingMeetings();
  const app = await startWith({}, START + MINUTE);
  expect(await pendingByRow()).toEqual({ 1: '2025-03-03 09:45:00', 2: '2025-03-04 15:45:00' });
  expect(app.progress).toEqual([
    { fullName: REMINDER, done: 0, total: 2 },
    { fullName: REMINDER, done: 2, total: 2 },
  ]);
});

test('an unchanged template is not backfilled again: a restart keeps every task as it is', async () => {
  await existingMeetings();
  await startWith({}, START);
  const before = await opened!.svc.listTasks({ fullName: REMINDER });
  const app = await startWith({}, START + MINUTE);
  expect(app.progress).toEqual([]);
  expect(await opened!.svc.listTasks({ fullName: REMINDER })).toEqual(before);
});

test("a changed template moves every row's task, and drops those of rows deleted while the app was down", async () => {
  await existingMeetings();
  await startWith({}, START);
  const db = opened!.app.getElement<SqliteDatabaseElement>('databases.Default').database;
  db.raw.prepare('DELETE FROM m_models_Meeting WHERE id = 2').run();

  const app = await startWith(minutesBefore(30), START + MINUTE);
  expect(await pendingByRow()).toEqual({ 1: '2025-03-03 09:30:00' });
  expect(app.progress.at(-1)).toEqual({ fullName: REMINDER, done: 2, total: 2 });
});

test('a template changed while the app was down never runs its old, overdue task: the backfill comes first', async () => {
  await existingMeetings();
  await startWith({}, START);
  // Down from 08:00 until 09:50: the 09:45 reminder of meeting 1 is overdue; the new rule says 09:55.
  await startWith(minutesBefore(5), Date.parse('2025-03-03T08:50:00Z'));
  await clock.advance(0);
  expect(notified).toEqual([]);
  await clock.advance(5 * MINUTE);
  expect(notified.map((n) => [n.rowData.title, n.scheduledTime])).toEqual([['Planning', '2025-03-03 09:55:00']]);
});

test('a disabled or removed template loses its pending tasks on start', async () => {
  const extra = {
    AfterMeeting: {
      modelPath: 'models.Meeting',
      func: 'services.MeetingSvc.notify',
      timerCfg: { startField: 'startTime', startOffset: { offsetType: 1, offset: 1, offsetUnit: 'hour' } },
    },
  };
  await existingMeetings();
  await startWith(extra, START);
  expect(Object.keys(await pendingByRow('tasks.AfterMeeting'))).toEqual(['1', '2', '3']);
  expect(Object.keys(await pendingByRow())).toHaveLength(2);

  await startWith(disabled, START + MINUTE); // AfterMeeting removed, MeetingReminder disabled
  expect(await opened!.svc.listTasks({ status: 'pending' })).toEqual([]);
});

test('a large table is backfilled in batches, each one transaction, reported as it goes', async () => {
  await startWith(disabled, START);
  await opened!.meetings.query(); // creates the table
  const db = opened!.app.getElement<SqliteDatabaseElement>('databases.Default').database;
  const insert = db.raw.prepare('INSERT INTO m_models_Meeting (title, startTime, status) VALUES (?, ?, ?)');
  await db.write(() => {
    for (let i = 0; i < 12_000; i++) insert.run(`Meeting ${i}`, START + (i + 60) * MINUTE, i % 4 === 0 ? 'draft' : 'confirmed');
  });

  const app = await startWith({}, START);
  expect(app.progress.map((p) => p.done)).toEqual([0, 5000, 9000]);
  expect(app.progress.every((p) => p.total === 9000)).toBe(true);
  expect(Object.keys(await pendingByRow())).toHaveLength(9000);
});
