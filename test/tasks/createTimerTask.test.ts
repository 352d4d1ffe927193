import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { seen } from '../fixtures/task-app/elements/tasks/Inner';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  clock = new ManualClock(START);
  opened = await openTaskApp(fixtureDir('task-app'), clock, dataDir);
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('createTimerTask', () => {
  test('writes a pending task and returns it as the seed does', async () => {
    const created = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:05', 'customFunc', 'tasks.NormalType', { a: 1 });
    expect(created).toEqual({
      taskId: expect.any(String),
      fullName: 'tasks.Inner',
      taskType: 'tasks.NormalType',
      funcName: 'customFunc',
      startTime: '2025-03-01 08:00:05',
      status: 'pending',
      argDict: { a: 1 },
    });
    const stored = await opened.svc.getTask(created.taskId);
    expect(stored).toMatchObject({
      status: 'pending',
      startTime: '2025-03-01 08:00:05',
      dueAt: '2025-03-01T07:00:05.000Z',
      attempt: 1,
      rowId: null,
    });
  });

  test.each([
    ['a naive time in the app zone', '2025-03-01 08:00:05.250', '2025-03-01T07:00:05.250Z'],
    ['ISO 8601 with an offset', '2025-03-01T09:00:05.250+02:00', '2025-03-01T07:00:05.250Z'],
    ['a JS Date', new Date('2025-03-01T07:00:05.250Z'), '2025-03-01T07:00:05.250Z'],
  ])('takes the due time as %s, to the millisecond', async (_, startTime, dueAt) => {
    const created = await opened.svc.createTimerTask('tasks.Inner', startTime, 'customFunc', 'tasks.NormalType');
    expect(created.startTime).toBe('2025-03-01 08:00:05');
    expect(created.argDict).toEqual({});
    expect((await opened.svc.getTask(created.taskId)).dueAt).toBe(dueAt);
  });

  test.each(['tasks.ReportType', 'tasks.NormalType'])(
    'a template of a custom Type takes its Type or a Type it derives from (%s)',
    async (taskType) => {
      const created = await opened.svc.createTimerTask('tasks.WeeklyReport', '2025-03-01 08:00:05', 'services.Greeter.hello', taskType, {
        name: 'x',
      });
      expect(created).toMatchObject({ fullName: 'tasks.WeeklyReport', taskType, status: 'pending' });
    },
  );

  test("without an argDict a task takes its template's default, and one given is used as it is", async () => {
    const defaulted = await opened.svc.createTimerTask(
      'tasks.WeeklyReport',
      '2025-03-01 08:00:01',
      'services.Greeter.hello',
      'tasks.ReportType',
    );
    const given = await opened.svc.createTimerTask(
      'tasks.WeeklyReport',
      '2025-03-01 08:00:01',
      'services.Greeter.hello',
      'tasks.ReportType',
      { name: 'x' },
    );
    expect(defaulted.argDict).toEqual({ name: 'report' });
    expect(given.argDict).toEqual({ name: 'x' });
    // An answer is the caller's to change: the template's default stays as defined.
    defaulted.argDict.name = 'changed';
    const [again] = await opened.svc.createTimerTasks([
      {
        fullName: 'tasks.WeeklyReport',
        startTime: '2025-03-01 08:00:01',
        funcName: 'services.Greeter.hello',
        taskType: 'tasks.ReportType',
      },
    ]);
    expect(again!.argDict).toEqual({ name: 'report' });
    await clock.advance(1000);
    expect(await opened.svc.getTask(defaulted.taskId)).toMatchObject({
      status: 'completed',
      argDict: { name: 'report' },
      result: 'hello report',
    });
    expect(await opened.svc.getTask(given.taskId)).toMatchObject({ status: 'completed', result: 'hello x' });
  });

  test('a task due in the past runs as soon as possible, and a task never starts before its due time', async () => {
    const past = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 07:00:00', 'customFunc', 'tasks.NormalType', { when: 'past' });
    const soon = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01.500', 'customFunc', 'tasks.NormalType', {
      when: 'soon',
    });
    await clock.advance(1);
    expect((await opened.svc.getTask(past.taskId)).status).toBe('completed');
    await clock.advance(1498);
    expect((await opened.svc.getTask(soon.taskId)).status).toBe('pending');
    await clock.advance(1);
    expect(await opened.svc.getTask(soon.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 08:00:01' });
  });

  // Every refusal happens before anything is written: the task list is the same afterwards.
  test.each([
    ['an unknown template', ['tasks.Nope', 'customFunc', 'tasks.NormalType'], 'ELEMENT_NOT_FOUND', undefined],
    ['a service, not a template', ['services.Greeter', 'services.Greeter.hello', 'services.NormalType'], 'API_PARAMS_ERROR', 'fullName'],
    ['a Type, not a template', ['tasks.NormalType', 'services.Greeter.hello', 'tasks.NormalType'], 'API_PARAMS_ERROR', 'fullName'],
    ['a taskType the template is not of', ['tasks.Inner', 'customFunc', 'services.NormalType'], 'API_PARAMS_ERROR', 'taskType'],
    ['the family root as taskType', ['tasks.Inner', 'customFunc', 'tasks.Meta'], 'API_PARAMS_ERROR', 'taskType'],
    ['the template itself as taskType', ['tasks.Inner', 'customFunc', 'tasks.Inner'], 'API_PARAMS_ERROR', 'taskType'],
    ['a Type the template does not derive from', ['tasks.Inner', 'customFunc', 'tasks.ReportType'], 'API_PARAMS_ERROR', 'taskType'],
    ['an undeclared function of a service', ['tasks.Inner', 'services.Greeter.nope', 'tasks.NormalType'], 'FUNCTION_NOT_FOUND', undefined],
    [
      'a method that functionList does not declare',
      ['tasks.Inner', 'services.Greeter.secret', 'tasks.NormalType'],
      'FUNCTION_NOT_FOUND',
      undefined,
    ],
    ['a constructor', ['tasks.Inner', 'services.Greeter.constructor', 'tasks.NormalType'], 'FUNCTION_NOT_FOUND', undefined],
    ['a function of an unknown element', ['tasks.Inner', 'services.Nope.hello', 'tasks.NormalType'], 'ELEMENT_NOT_FOUND', undefined],
    ["a name the template's module does not export", ['tasks.Inner', 'nope', 'tasks.NormalType'], 'FUNCTION_NOT_FOUND', undefined],
    ['a name every module object inherits (toString)', ['tasks.Inner', 'toString', 'tasks.NormalType'], 'FUNCTION_NOT_FOUND', undefined],
    [
      'a name every module object inherits (constructor)',
      ['tasks.Inner', 'constructor', 'tasks.NormalType'],
      'FUNCTION_NOT_FOUND',
      undefined,
    ],
    [
      'a function name that is neither bare nor family.Element.function',
      ['tasks.Inner', 'Greeter.hello', 'tasks.NormalType'],
      'FUNCTION_NOT_FOUND',
      undefined,
    ],
    ['a bare name on a template without a module', ['tasks.Daily', 'customFunc', 'tasks.NormalType'], 'FUNCTION_NOT_FOUND', undefined],
  ])('refuses %s and writes nothing', async (_, [fullName, funcName, taskType], code, argument) => {
    const before = await opened.svc.listTasks();
    const call = opened.svc.createTimerTask(fullName, '2025-03-01 08:00:05', funcName, taskType, { name: 'x' });
    await expect(call).rejects.toMatchObject({ code, ...(argument ? { details: { argument } } : {}) });
    expect(await opened.svc.listTasks()).toEqual(before);
  });

  test.each([
    ['an impossible date', '2025-02-30 08:00:00'],
    ['a date without time', '2025-03-01'],
    ['words', 'tomorrow at nine'],
    ['an epoch number', 1740812405000],
  ])('refuses %s as startTime and writes nothing', async (_, startTime) => {
    const before = await opened.svc.listTasks();
    await expect(opened.svc.createTimerTask('tasks.Inner', startTime, 'customFunc', 'tasks.NormalType')).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      details: { argument: 'startTime' },
    });
    expect(await opened.svc.listTasks()).toEqual(before);
  });

  test.each([
    ['an array', [1, 2]],
    ['a string', 'a=1'],
    ['an object holding a Date', { when: new Date('2025-03-01T07:00:00Z') }],
    ['an object holding NaN', { n: Number.NaN }],
    ['an object holding a function', { f: () => 1 }],
    ['an object holding undefined', { u: undefined }],
    ['an instance of a class', new URL('https://example.com')],
  ])('refuses %s as argDict and writes nothing', async (_, argDict) => {
    const before = await opened.svc.listTasks();
    await expect(
      opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:05', 'customFunc', 'tasks.NormalType', argDict),
    ).rejects.toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'argDict' } });
    expect(await opened.svc.listTasks()).toEqual(before);
  });
});

describe('createTimerTasks (many tasks in one transaction)', () => {
  const item = (i: number, extra: Record<string, unknown> = {}) => ({
    fullName: 'tasks.Inner',
    startTime: '2025-03-01 08:00:05',
    funcName: 'customFunc',
    taskType: 'tasks.NormalType',
    argDict: { i },
    ...extra,
  });

  test('writes every task and returns them in the order given', async () => {
    const created = await opened.svc.createTimerTasks([item(1), item(2), item(3, { startTime: '2025-03-01 08:00:01' })]);
    expect(created.map((c) => c.argDict)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    expect(created.every((c) => c.status === 'pending')).toBe(true);
    seen.length = 0;
    await clock.advance(5000);
    // Earliest due first; equal due times in the order they were given.
    expect(seen.map((s) => s.args)).toEqual([{ i: 3 }, { i: 1 }, { i: 2 }]);
  });

  test.each([
    ['an unknown template', { fullName: 'tasks.Nope' }, 'ELEMENT_NOT_FOUND'],
    ['a wrong taskType', { taskType: 'services.NormalType' }, 'API_PARAMS_ERROR'],
    ['an unparseable time', { startTime: 'soon' }, 'API_PARAMS_ERROR'],
    ['an argDict holding a Date', { argDict: { when: new Date() } }, 'API_PARAMS_ERROR'],
    ['an unknown function', { funcName: 'nope' }, 'FUNCTION_NOT_FOUND'],
    ['a misspelt key', { argdict: { i: 9 } }, 'API_PARAMS_ERROR'],
  ])('with one item naming %s writes nothing', async (_, bad, code) => {
    const before = await opened.svc.listTasks();
    await expect(opened.svc.createTimerTasks([item(1), item(2, bad), item(3)])).rejects.toMatchObject({ code });
    expect(await opened.svc.listTasks()).toEqual(before);
  });

  test.each([
    ['null', null],
    ['a string', 'tasks.Inner'],
  ])('refuses an item that is %s, naming its index', async (_, bad) => {
    await expect(opened.svc.createTimerTasks([item(1), bad])).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      details: { argument: 'tasks[1]' },
    });
  });

  test('a refusal names the item it is about, by index, and the argument', async () => {
    await expect(opened.svc.createTimerTasks([item(1), item(2), item(3, { startTime: 'soon' })])).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      message: expect.stringContaining('createTimerTasks: tasks[2]: cannot parse startTime "soon"'),
      details: { argument: 'startTime' },
    });
    await expect(
      opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:05', 'customFunc', 'services.NormalType', {}),
    ).rejects.toMatchObject({
      message: expect.stringContaining('createTimerTask: taskType "services.NormalType" does not match'),
      details: { argument: 'taskType' },
    });
  });

  test('an empty list writes nothing and returns nothing', async () => {
    const before = await opened.svc.listTasks();
    expect(await opened.svc.createTimerTasks([])).toEqual([]);
    expect(await opened.svc.listTasks()).toEqual(before);
  });
});
