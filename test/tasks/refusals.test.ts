import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, ManualClock } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { fixtureDir } from '../fixtures/fixtureDir';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';

/** 08:00 in Berlin, the zone of both fixtures. */
const START = Date.parse('2025-03-01T07:00:00Z');
const DUE = '2025-03-01 08:00:05';

/** Values a hostile caller passes where JSON is expected, each with the key a refusal must name. */
function hostileValues(): Array<[string, Record<string, unknown>, string]> {
  const getter = { fine: 1 };
  Object.defineProperty(getter, 'secret', {
    enumerable: true,
    get: () => {
      throw new Error('no peeking');
    },
  });
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.again = { back: cyclic };
  const proxied = { inner: new Proxy({ a: 1 }, {}) };
  return [
    ['a getter that throws', getter, 'secret'],
    ['a cycle', cyclic, 'again'],
    ['a Proxy inside', proxied, 'inner'],
    ['a Proxy itself', new Proxy({ a: 1 }, {}), 'argDict'],
    [
      'an own __proto__ key (as JSON.parse makes)',
      JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as Record<string, unknown>,
      '__proto__',
    ],
    ['an own constructor key', { constructor: 'x' }, 'constructor'],
  ];
}

describe('timer tasks: refused at creation with API_PARAMS_ERROR naming the argument, nothing written', () => {
  let clock: ManualClock;
  let dataDir: string;
  let opened: OpenTaskApp;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-refuse-'));
    clock = new ManualClock(START);
    opened = await openTaskApp(fixtureDir('task-app'), clock, dataDir);
    calls.length = 0;
  });
  afterEach(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Expects `call` to be refused with API_PARAMS_ERROR whose message names `named`, and the task list to be unchanged. */
  async function expectRefused(call: () => Promise<unknown>, named: string): Promise<void> {
    const before = await opened.svc.listTasks();
    const err = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'JitError', code: 'API_PARAMS_ERROR' });
    expect((err as Error).message).toContain(named);
    expect(await opened.svc.listTasks()).toEqual(before);
    expect(calls).toEqual([]);
  }

  test.each(hostileValues())('createTimerTask with an argDict holding %s', async (_, argDict, named) => {
    await expectRefused(() => opened.svc.createTimerTask('tasks.Inner', DUE, 'customFunc', 'tasks.NormalType', argDict), named);
  });

  test.each(hostileValues())('createTimerTasks with one item whose argDict holds %s', async (_, argDict, named) => {
    const item = (a: unknown) => ({
      fullName: 'tasks.Inner',
      startTime: DUE,
      funcName: 'customFunc',
      taskType: 'tasks.NormalType',
      argDict: a,
    });
    await expectRefused(() => opened.svc.createTimerTasks([item({ i: 1 }), item(argDict)]), named);
  });

  test('createTimerTasks with a Proxy as an item, or as the list', async () => {
    const item = { fullName: 'tasks.Inner', startTime: DUE, funcName: 'customFunc', taskType: 'tasks.NormalType', argDict: {} };
    await expectRefused(() => opened.svc.createTimerTasks([item, new Proxy(item, {})]), 'tasks');
    await expectRefused(() => opened.svc.createTimerTasks(new Proxy([item], {})), 'tasks');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an argument the function does not declare', { name: 'Ann', age: 3 }, "'age'"],
    ['no value for a required argument', {}, "'name'"],
    ['a value of the wrong data type', { name: 42 }, "'name'"],
    ['an own __proto__ key', JSON.parse('{"name": "Ann", "__proto__": 1}') as Record<string, unknown>, '__proto__'],
  ])('a Global function refuses %s when the task is created, not when it runs', async (_, argDict, named) => {
    await expectRefused(() => opened.svc.createTimerTask('tasks.Inner', DUE, 'services.Greeter.hello', 'tasks.NormalType', argDict), named);
    const item = { fullName: 'tasks.Inner', startTime: DUE, funcName: 'services.Greeter.hello', taskType: 'tasks.NormalType' };
    await expectRefused(
      () =>
        opened.svc.createTimerTasks([
          { ...item, argDict: { name: 'Bo' } },
          { ...item, argDict },
        ]),
      named,
    );
  });

  test('the refusal of a batch names the item, the argDict and the key', async () => {
    const item = { fullName: 'tasks.Inner', startTime: DUE, funcName: 'services.Greeter.hello', taskType: 'tasks.NormalType' };
    await expect(
      opened.svc.createTimerTasks([
        { ...item, argDict: { name: 'Bo' } },
        { ...item, argDict: { name: 'Cy', nme: 'typo' } },
      ]),
    ).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      message: expect.stringMatching(/tasks\[1\].*argDict.*undeclared argument 'nme'/),
      details: { argument: 'argDict.nme' },
    });
  });

  test('what a Global function accepts is written as given; an Inner function takes any plain JSON object', async () => {
    const global = await opened.svc.createTimerTask('tasks.Inner', DUE, 'services.Greeter.wait', 'tasks.NormalType', { ms: '5' });
    const inner = await opened.svc.createTimerTask('tasks.Inner', DUE, 'customFunc', 'tasks.NormalType', { anything: [1, { goes: null }] });
    expect(await opened.svc.getTask(global.taskId)).toMatchObject({ status: 'pending', argDict: { ms: '5' } });
    expect(await opened.svc.getTask(inner.taskId)).toMatchObject({ status: 'pending', argDict: { anything: [1, { goes: null }] } });
  });

  test('a value a getter gives is written, not the getter', async () => {
    const argDict = {};
    Object.defineProperty(argDict, 'name', { enumerable: true, get: () => 'Gus' });
    const created = await opened.svc.createTimerTask('tasks.Inner', DUE, 'services.Greeter.hello', 'tasks.NormalType', argDict);
    expect(Object.getOwnPropertyDescriptor(created.argDict, 'name')).toMatchObject({ value: 'Gus' });
    expect((await opened.svc.getTask(created.taskId)).argDict).toEqual({ name: 'Gus' });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a limit beyond 64 bits', { limit: 2 ** 63 }, 'limit'],
    ['a limit above 10000', { limit: 10_001 }, 'limit'],
    ['a limit of 0', { limit: 0 }, 'limit'],
    ['a fractional limit', { limit: 2.5 }, 'limit'],
    ['an offset beyond 64 bits', { offset: 2 ** 63 }, 'offset'],
    ['a negative offset', { offset: -1 }, 'offset'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['an unparseable from', { from: '2025-02-30 00:00:00' }, 'from'],
    ['an invalid Date as to', { to: new Date(Number.NaN) }, 'to'],
  ])('listTasks refuses %s with API_PARAMS_ERROR naming it', async (_, filter, named) => {
    const err = await opened.svc.listTasks(filter).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: named } });
    expect((err as Error).message).toContain(named);
  });

  test('listTasks takes the bounds themselves', async () => {
    await opened.svc.createTimerTask('tasks.Inner', DUE, 'customFunc', 'tasks.NormalType', {});
    expect(await opened.svc.listTasks({ limit: 10_000, offset: 0 })).toHaveLength(await (await opened.svc.listTasks()).length);
    expect(await opened.svc.listTasks({ limit: 1, offset: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });
});

describe('date-field rows: a row that cannot be read as JSON is refused, nothing written', () => {
  let dataDir: string;
  let opened: OpenDateFieldApp;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-refuse-df-'));
    opened = await openDateFieldApp(fixtureDir('datefield-app'), new ManualClock(Date.parse('2025-03-03T07:00:00Z')), dataDir);
  });
  afterEach(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const row = { id: 501, title: 'Board meeting', startTime: '2025-03-10 15:00:00', status: 'confirmed' };
  test.each<[string, () => Record<string, unknown>, string]>([
    [
      'a getter that throws',
      () =>
        Object.defineProperty({ ...row }, 'title', {
          enumerable: true,
          get: () => {
            throw new Error('no');
          },
        }),
      'title',
    ],
    ['a Proxy', () => new Proxy({ ...row }, {}), 'postData'],
    [
      'a cycle',
      () => {
        const r: Record<string, unknown> = { ...row };
        r.self = r;
        return r;
      },
      'self',
    ],
  ])('saveDateFieldTask with postData holding %s', async (_, postData, named) => {
    const before = await opened.svc.listTasks();
    const err = await opened.svc.saveDateFieldTask({ model: 'models.Meeting', postData: postData() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'JitError', code: 'API_PARAMS_ERROR' });
    expect((err as Error).message).toContain(named);
    expect(await opened.svc.listTasks()).toEqual(before);
  });
});

describe('a template default argDict its Global function would refuse is refused when the app loads', () => {
  test.each<[string, Record<string, unknown>, string, string, string]>([
    [
      'an undeclared key',
      { argDict: { name: 'x', nme: 'typo' } },
      'argDict.nme',
      'nme:',
      "services.Greeter.hello would refuse it: undeclared argument 'nme'",
    ],
    [
      'a value of the wrong data type',
      { argDict: { name: ['x'] } },
      'argDict.name',
      'name:',
      "services.Greeter.hello would refuse it: argument 'name'",
    ],
    [
      'a missing required argument',
      { argDict: {} },
      'argDict',
      'argDict:',
      "services.Greeter.hello would refuse it: missing required argument 'name'",
    ],
    [
      'an own __proto__ key',
      { argDict: JSON.parse('{"name": "x", "__proto__": "y"}') as Record<string, unknown> },
      'argDict.__proto__',
      '__proto__:',
      "own key '__proto__'",
    ],
    [
      'an own __proto__ key of an Inner template',
      { funcType: 'Inner', func: 'customFunc', enable: false, argDict: JSON.parse('{"__proto__": "y"}') as Record<string, unknown> },
      'argDict.__proto__',
      '__proto__:',
      "own key '__proto__'",
    ],
  ])('%s: CONFIG_INVALID with the file and the line of the key', (_, keys, keyPath, lineText, says) => {
    const dir = writeTemplateApp({
      Nightly: { title: 'Nightly', func: 'services.Greeter.hello', timerCfg: { startTime: '2025-01-01 01:00:00' }, ...keys },
    });
    const file = path.join(dir, 'elements/tasks/Nightly/e.yaml');
    const line =
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.trim().startsWith(lineText)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', file, line, path: keyPath, message: expect.stringContaining(says) }),
    ]);
  });

  test('a template without argDict whose function requires an argument is refused too', () => {
    const dir = writeTemplateApp({
      Nightly: { title: 'Nightly', func: 'services.Greeter.hello', timerCfg: { startTime: '2025-01-01 01:00:00' } },
    });
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', path: 'argDict', message: expect.stringContaining("'name'") }),
    ]);
  });

  test('an argDict the function accepts loads, and an Inner template keeps any plain JSON object', () => {
    const dir = writeTemplateApp({
      Nightly: { title: 'Nightly', func: 'services.Greeter.wait', argDict: { ms: '5' }, timerCfg: { startTime: '2025-01-01 01:00:00' } },
      // Disabled: no module of its own exports customFunc here (tasks are created with a function each).
      Own: {
        title: 'Own',
        funcType: 'Inner',
        func: 'customFunc',
        enable: false,
        argDict: { whatever: { it: ['is'] } },
        timerCfg: { startTime: '2025-01-01 01:00:00' },
      },
    });
    expect(checkApp(dir, {})).toEqual([]);
  });
});
