import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, type SqliteDatabaseElement } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { writeDateFieldApp } from '../fixtures/datefield-harness/writeDateFieldApp';
import { notified, whileGreeting } from '../fixtures/datefield-app/elements/services/MeetingSvc';
import { fixtureDir } from '../fixtures/fixtureDir';

const MINUTE = 60_000;

let dataDir: string;
let appDir: string | undefined;
let clock: ManualClock;
let opened: OpenDateFieldApp;

beforeEach(() => {
  notified.length = 0;
  whileGreeting.action = undefined;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-'));
});
afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  appDir = undefined;
});

describe('a reminder fires with the row it belongs to', () => {
  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2025-03-03T07:00:00Z')); // 08:00 in Berlin
    opened = await openDateFieldApp(fixtureDir('datefield-app'), clock, dataDir);
  });

  test('as the row is when it runs, not as it was when scheduled', async () => {
    const row = await opened.meetings.create({ title: 'Planning', startTime: '2025-03-03 08:20:00', status: 'confirmed' });
    const [task] = await opened.svc.listTasks({ fullName: 'tasks.MeetingReminder', status: 'pending' });
    await opened.meetings.update(row.id, { title: 'Planning (moved to room 2)', room: 'R2' });

    await clock.advance(5 * MINUTE - 1);
    expect(notified).toEqual([]);
    await clock.advance(1);
    const current = await opened.meetings.get(row.id);
    expect(notified).toEqual([{ fn: 'notify', rowData: current, taskId: task!.taskId, scheduledTime: '2025-03-03 08:05:00' }]);
    expect(await opened.svc.getTask(task!.taskId)).toMatchObject({
      status: 'completed',
      result: 'reminded: Planning (moved to room 2)',
      rowId: String(row.id),
    });
    // A reminder runs once: nothing is pending for the row afterwards.
    expect(await opened.svc.listTasks({ rowId: String(row.id), status: 'pending' })).toEqual([]);
  });

  test('as it was scheduled when the row was deleted meanwhile (by another system, past the hooks)', async () => {
    const row = await opened.meetings.create({ title: 'Planning', startTime: '2025-03-03 08:20:00', status: 'confirmed' });
    const db = opened.app.getElement<SqliteDatabaseElement>('databases.Default').database;
    db.raw.prepare('DELETE FROM m_models_Meeting WHERE id = ?').run(row.id);

    await clock.advance(5 * MINUTE);
    expect(notified.map((n) => n.rowData)).toEqual([row]);
  });

  test('as it was given, for a row that lives outside jittask', async () => {
    const external = { id: 501, title: 'Board meeting', startTime: '2025-03-03 08:30:00', status: 'confirmed', source: 'crm' };
    await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: external });
    await clock.advance(15 * MINUTE);
    expect(notified.map((n) => n.rowData)).toEqual([external]);
  });
});

describe('repeat: year', () => {
  beforeEach(async () => {
    appDir = writeDateFieldApp({
      Birthday: {
        modelPath: 'models.Contact',
        func: 'services.MeetingSvc.greet',
        timerCfg: {
          startField: 'birthday',
          startOffset: { offsetType: 0, offsetUnit: 'day' },
          time: '09:00',
          repeat: { repeatType: 'year' },
        },
      },
    });
  });

  test('a Feb 29 birthday runs on Feb 29 in a leap year, and the end of that run writes Feb 28 of the next year', async () => {
    clock = new ManualClock(Date.parse('2028-02-29T07:59:00Z')); // 08:59 in Berlin
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    const ann = await opened.contacts.create({ code: 'ann', name: 'Ann', birthday: '2000-02-29' });
    const [first] = await opened.svc.listTasks({ fullName: 'tasks.Birthday', rowId: 'ann' });
    expect(first).toMatchObject({ startTime: '2028-02-29 09:00:00', status: 'pending' });

    await clock.advance(MINUTE);
    expect(notified).toEqual([{ fn: 'greet', rowData: ann, taskId: first!.taskId, scheduledTime: '2028-02-29 09:00:00' }]);
    const [next, ran] = await opened.svc.listTasks({ fullName: 'tasks.Birthday', rowId: 'ann' });
    expect(ran).toMatchObject({ taskId: first!.taskId, status: 'completed' });
    // Written in the transaction that ended the run: created at the instant it ended.
    expect(next).toMatchObject({
      startTime: '2029-02-28 09:00:00',
      status: 'pending',
      rowId: 'ann',
      argDict: { rowData: ann },
      createdAt: ran!.endedAt,
    });
  });

  test("forcedEnd ends this year's task and the series goes on with the next anniversary, answered alike when repeated", async () => {
    clock = new ManualClock(Date.parse('2026-05-01T07:00:00Z'));
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    await opened.contacts.create({ code: 'bob', name: 'Bob', birthday: '1990-05-02' });
    const [pending] = await opened.svc.listTasks({ rowId: 'bob', status: 'pending' });
    const ended = await opened.svc.forcedEnd(pending!.taskId);
    expect(ended).toEqual({ taskId: pending!.taskId, status: 'forcedEnd', previousStatus: 'pending', nextTaskId: expect.any(String) });
    expect(await opened.svc.getTask(ended.nextTaskId!)).toMatchObject({
      startTime: '2027-05-02 09:00:00',
      status: 'pending',
      rowId: 'bob',
    });
    expect(await opened.svc.forcedEnd(pending!.taskId)).toEqual(ended);
  });

  test('a row deleted while its anniversary task runs ends the series with that run', async () => {
    clock = new ManualClock(Date.parse('2026-05-02T06:59:00Z')); // 08:59 in Berlin
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    await opened.contacts.create({ code: 'bob', name: 'Bob', birthday: '1990-05-02' });
    whileGreeting.action = () => opened.contacts.delete('bob');
    await clock.advance(MINUTE);
    expect(notified.map((n) => n.rowData.code)).toEqual(['bob']);
    expect(await opened.svc.listTasks({ fullName: 'tasks.Birthday' })).toEqual([expect.objectContaining({ status: 'completed' })]);
  });

  test('a row that cannot be read again when its run ends keeps the series: a stray anniversary beats a lost one', async () => {
    clock = new ManualClock(Date.parse('2026-05-02T06:59:00Z'));
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    await opened.contacts.create({ code: 'bob', name: 'Bob', birthday: '1990-05-02' });
    const db = opened.app.getElement<SqliteDatabaseElement>('databases.Default').database;
    // The model's table vanishes under the running greeting: reading the row again fails.
    whileGreeting.action = async () => db.raw.exec('ALTER TABLE m_models_Contact RENAME TO m_contacts_away');
    await clock.advance(MINUTE);
    expect(notified.map((n) => n.rowData.code)).toEqual(['bob']);
    expect(await opened.svc.listTasks({ rowId: 'bob', status: 'pending' })).toEqual([
      expect.objectContaining({ startTime: '2027-05-02 09:00:00' }),
    ]);
  });

  test('a row that lives outside jittask keeps its yearly series: the model never had it to lose', async () => {
    clock = new ManualClock(Date.parse('2026-05-02T06:59:00Z'));
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    const carl = { code: 'carl', name: 'Carl', birthday: '1985-05-02' };
    await opened.svc.saveDateFieldTask({ model: 'models.Contact', postData: carl });
    await clock.advance(MINUTE);
    expect(notified.map((n) => n.rowData)).toEqual([carl]);
    expect(await opened.svc.listTasks({ rowId: 'carl', status: 'pending' })).toEqual([
      expect.objectContaining({ startTime: '2027-05-02 09:00:00' }),
    ]);
  });

  test('a row deleted before its anniversary loses the series', async () => {
    clock = new ManualClock(Date.parse('2026-05-01T07:00:00Z'));
    opened = await openDateFieldApp(appDir!, clock, dataDir);
    await opened.contacts.create({ code: 'bob', name: 'Bob', birthday: '1990-05-02' });
    expect(await opened.svc.listTasks({ rowId: 'bob', status: 'pending' })).toHaveLength(1);
    await opened.contacts.delete('bob');
    await clock.advance(24 * 60 * MINUTE);
    expect(notified).toEqual([]);
    expect(await opened.svc.listTasks({ fullName: 'tasks.Birthday' })).toEqual([]);
  });
});
