import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, type TaskRecordView } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;
/** Tasks by a short name, created before each test (see beforeEach). */
let ids: Record<'done' | 'failed' | 'later' | 'timed' | 'daily', string>;

/** The short names of listed tasks, in listing order. */
const names = (tasks: TaskRecordView[]): string[] =>
  tasks.map((t) => Object.entries(ids).find(([, id]) => id === t.taskId)?.[0] ?? t.taskId);

// The app at 08:00 has the daily series' occurrence (09:00); the test adds four manual tasks and
// lets five seconds pass: one completes, one fails, two stay pending.
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  clock = new ManualClock(START);
  opened = await openTaskApp(fixtureDir('task-app'), clock, dataDir);
  const { svc } = opened;
  const done = await svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'customFunc', 'tasks.NormalType', { n: 1 });
  const failed = await svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:02', 'services.Greeter.fail', 'tasks.NormalType', {
    message: 'no luck',
  });
  const later = await svc.createTimerTask('tasks.Inner', '2025-03-01 10:00:00', 'customFunc', 'tasks.NormalType');
  const timed = await svc.createTimerTask('tasks.Timed', '2025-03-01 11:00:00', 'services.Greeter.hello', 'tasks.NormalType', {
    name: 'x',
  });
  const [daily] = await svc.listTasks({ fullName: 'tasks.Daily' });
  ids = { done: done.taskId, failed: failed.taskId, later: later.taskId, timed: timed.taskId, daily: daily!.taskId };
  await clock.advance(5000);
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('listTasks', () => {
  test.each<[string, Record<string, unknown> | undefined, string[]]>([
    ['no filter: every task, newest due first', undefined, ['timed', 'later', 'daily', 'failed', 'done']],
    ['an empty filter', {}, ['timed', 'later', 'daily', 'failed', 'done']],
    ['status pending', { status: 'pending' }, ['timed', 'later', 'daily']],
    ['status completed', { status: 'completed' }, ['done']],
    ['status error', { status: 'error' }, ['failed']],
    ['status timeout (none)', { status: 'timeout' }, []],
    ['a template', { fullName: 'tasks.Inner' }, ['later', 'failed', 'done']],
    ['a template and a status', { fullName: 'tasks.Inner', status: 'pending' }, ['later']],
    ['an unknown template (no error, no tasks)', { fullName: 'tasks.Nope' }, []],
    ['from and to, both inclusive', { from: '2025-03-01 08:00:02', to: '2025-03-01 10:00:00' }, ['later', 'daily', 'failed']],
    ['from as ISO 8601 with offset', { from: '2025-03-01T08:00:00Z' }, ['timed', 'later', 'daily']],
    ['to as a JS Date', { to: new Date('2025-03-01T07:00:01Z') }, ['done']],
    ['limit', { limit: 2 }, ['timed', 'later']],
    ['limit and offset (the second page)', { limit: 2, offset: 2 }, ['daily', 'failed']],
    ['offset alone', { offset: 4 }, ['done']],
    ['null values (ignored)', { status: null, fullName: null }, ['timed', 'later', 'daily', 'failed', 'done']],
  ])('filters by %s', async (_, filter, expected) => {
    expect(names(await opened.svc.listTasks(filter))).toEqual(expected);
  });

  test.each<[string, unknown, string]>([
    ['an unknown key', { state: 'pending' }, 'state'],
    ['a key of the store not offered to callers', { origin: 'manual' }, 'origin'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['a fullName that is not a string', { fullName: 3 }, 'fullName'],
    ['an unparseable from', { from: 'yesterday' }, 'from'],
    ['an epoch number as to', { to: 1740812400000 }, 'to'],
    ['a negative limit', { limit: -1 }, 'limit'],
    ['a fractional limit', { limit: 1.5 }, 'limit'],
    ['an offset given as text', { offset: '2' }, 'offset'],
    ['a filter that is not an object', 'pending', 'filter'],
  ])('refuses %s with API_PARAMS_ERROR naming it', async (_, filter, argument) => {
    await expect(opened.svc.listTasks(filter)).rejects.toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument } });
  });

  test('a pending task later than the tolerance (5 s) is listed as overdue; one within it is not', async () => {
    const late = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 07:59:59', 'customFunc', 'tasks.NormalType');
    const onTime = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'customFunc', 'tasks.NormalType');
    const listed = await opened.svc.listTasks({ status: 'pending' });
    expect(listed.find((t) => t.taskId === late.taskId)).toMatchObject({ status: 'pending', overdue: true });
    expect(listed.find((t) => t.taskId === onTime.taskId)).toMatchObject({ status: 'pending', overdue: false });
    expect(listed.filter((t) => t.overdue)).toHaveLength(1);
  });
});

describe('getTask', () => {
  test('a completed task: its record, its result and the history of its run', async () => {
    const task = await opened.svc.getTask(ids.done);
    expect(task).toEqual({
      taskId: ids.done,
      fullName: 'tasks.Inner',
      taskType: 'tasks.NormalType',
      funcName: 'customFunc',
      argDict: { n: 1 },
      startTime: '2025-03-01 08:00:01',
      dueAt: '2025-03-01T07:00:01.000Z',
      status: 'completed',
      overdue: false,
      rowId: null,
      attempt: 1,
      createdAt: '2025-03-01 08:00:00',
      startedAt: '2025-03-01 08:00:01',
      endedAt: '2025-03-01 08:00:01',
      result: { echoed: { n: 1 } },
      error: null,
      history: [
        { event: 'started', attempt: 1, at: '2025-03-01 08:00:01', workerId: opened.svc.service.workerId, message: null },
        { event: 'completed', attempt: 1, at: '2025-03-01 08:00:01', workerId: opened.svc.service.workerId, message: null },
      ],
    });
  });

  test('a failed task: the error with message and stack, in the record and the history', async () => {
    const task = await opened.svc.getTask(ids.failed);
    expect(task).toMatchObject({ status: 'error', result: null, error: { message: 'no luck' } });
    expect(task.error?.stack).toContain('Greeter');
    expect(task.history?.map((h) => [h.event, h.message])).toEqual([
      ['started', null],
      ['error', 'no luck'],
    ]);
  });

  test('a pending task has an empty history', async () => {
    expect(await opened.svc.getTask(ids.later)).toMatchObject({ status: 'pending', startedAt: null, endedAt: null, history: [] });
  });

  test('an unknown id is TASK_NOT_FOUND', async () => {
    await expect(opened.svc.getTask('no-such-task')).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});

describe('getTaskTmplList', () => {
  test('lists every template sorted by fullName, with its type and repeat type', async () => {
    expect(await opened.svc.getTaskTmplList('')).toEqual([
      { title: 'Daily greeting', taskType: 'tasks.NormalType', repeatType: 'day', fullName: 'tasks.Daily', enable: true, paused: false },
      {
        title: 'Inner function template',
        taskType: 'tasks.NormalType',
        repeatType: 'normal',
        fullName: 'tasks.Inner',
        enable: false,
        paused: false,
      },
      {
        title: 'Retried with backoff',
        taskType: 'tasks.NormalType',
        repeatType: 'normal',
        fullName: 'tasks.Retrying',
        enable: false,
        paused: false,
      },
      {
        title: 'Two-second limit',
        taskType: 'tasks.NormalType',
        repeatType: 'normal',
        fullName: 'tasks.Timed',
        enable: false,
        paused: false,
      },
      {
        title: 'Weekly report',
        taskType: 'tasks.ReportType',
        repeatType: 'week',
        fullName: 'tasks.WeeklyReport',
        enable: false,
        paused: false,
      },
    ]);
  });

  test.each([
    ['GREETING', ['tasks.Daily']],
    ['tasks.in', ['tasks.Inner']],
    ['  ', ['tasks.Daily', 'tasks.Inner', 'tasks.Retrying', 'tasks.Timed', 'tasks.WeeklyReport']],
    ['REPORT', ['tasks.WeeklyReport']],
    ['nothing like it', []],
  ])('keeps the templates whose title or fullName contains %j, case-insensitively', async (query, expected) => {
    expect((await opened.svc.getTaskTmplList(query)).map((t) => t.fullName)).toEqual(expected);
  });
});
