import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, JitError, loadApp, ManualClock, type JitIssue } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { calls } from '../fixtures/jitai/date-field-tasks/elements/tasks/MeetingReminderInner';
import { notified } from '../fixtures/jitai/date-field-tasks/elements/services/MeetingSvc';

const MINUTE = 60_000;
const jitai = (name: string): string => fixtureDir('jitai', name);

let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-call-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a date-field function gets the row as JitAi passes it', () => {
  let clock: ManualClock;
  let opened: OpenTaskApp;
  beforeEach(async () => {
    calls.length = 0;
    notified.length = 0;
    clock = new ManualClock(Date.parse('2025-03-03T07:00:00Z')); // 08:00 in Berlin
    opened = await openTaskApp(jitai('date-field-tasks'), clock, dataDir);
  });
  afterEach(async () => {
    await opened.close();
  });

  test('an Inner customFunc is called as customFunc(rowData, ctx); a Global function gets rowData by name', async () => {
    const meetings = opened.app.getElement<{ create(row: object): Promise<Record<string, unknown> & { id: number }> }>(
      'models.MeetingModel',
    );
    const row = await meetings.create({ title: 'Planning', startTime: '2025-03-03 08:20:00' });
    const [task] = await opened.svc.listTasks({ fullName: 'tasks.MeetingReminderInner', status: 'pending' });

    await clock.advance(5 * MINUTE);
    expect(calls).toEqual([
      {
        rowData: row,
        ctx: expect.objectContaining({
          taskId: task!.taskId,
          fullName: 'tasks.MeetingReminderInner',
          scheduledTime: '2025-03-03 08:05:00',
          attempt: 1,
        }),
      },
    ]);
    expect(await opened.svc.getTask(task!.taskId)).toMatchObject({ status: 'completed', result: { status: 'success', meetingId: row.id } });
    expect(notified).toEqual([row]);
  });
});

/** The issues of loading `dir`, files relative to it; loadApp and checkApp must agree. */
async function loadIssues(dir: string): Promise<JitIssue[]> {
  const relative = (issues: JitIssue[]): JitIssue[] => issues.map((i) => ({ ...i, file: i.file && path.relative(dir, i.file) }));
  const checked = relative(checkApp(dir, {}));
  try {
    const app = await loadApp(dir, { dataDir, env: {} });
    await app.close();
  } catch (err) {
    if (!(err instanceof JitError)) throw err;
    expect(relative(err.issues)).toEqual(checked);
    return checked;
  }
  expect(checked).toEqual([]);
  return [];
}

describe('a template whose func cannot be called is refused when the app loads, not on every run', () => {
  let issues: JitIssue[];
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-call-'));
    issues = await loadIssues(jitai('broken-func'));
  });

  test('a func naming no element', () => {
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'tasks.NoSuchService',
        file: 'elements/tasks/NoSuchService/e.json',
        line: 4,
        path: 'func',
        message: expect.stringContaining("'services.DataSyncSvc'"),
      }),
    );
  });

  test('a func naming a function the service does not declare', () => {
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'tasks.UndeclaredFunction',
        file: 'elements/tasks/UndeclaredFunction/e.json',
        line: 4,
        path: 'func',
        message: expect.stringContaining("declares no function 'deleteAllUsers'"),
      }),
    );
  });

  test('a date-field func whose arguments do not take { rowData }', () => {
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'tasks.RemindUser',
        file: 'elements/tasks/RemindUser/e.json',
        line: 6,
        path: 'func',
        message: expect.stringContaining('rowData'),
      }),
    );
  });

  test('and nothing else', () => {
    expect(issues).toHaveLength(3);
  });
});
