import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JitError, loadApp, ManualClock, type App, type CreatedTask, type TaskRecordView } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { onPostgres } from '../models/onPostgres';
import { describePg } from '../support/pg';

/** `services.TaskSvc` as a creator calls it, with `createTimerTask`'s options. */
interface KeyedTaskSvc {
  createTimerTask(
    fullName: unknown,
    startTime: unknown,
    funcName: unknown,
    taskType: unknown,
    argDict?: unknown,
    options?: unknown,
  ): Promise<CreatedTask>;
  createTimerTasks(tasks: unknown): Promise<CreatedTask[]>;
  callFunction(name: string, args: Record<string, unknown>): Promise<unknown>;
  listTasks(filter?: unknown): Promise<TaskRecordView[]>;
}

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const DUE = '2030-01-01 09:00:00';

async function refusal(promise: Promise<unknown>): Promise<JitError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof JitError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** The same tests on the task-app fixture, on SQLite or moved to PostgreSQL. */
function idempotencyKeyTests(load: (clock: ManualClock) => Promise<App>): void {
  let app: App;
  let svc: KeyedTaskSvc;
  beforeEach(async () => {
    app = await load(new ManualClock(START));
    svc = app.getElement<KeyedTaskSvc>('services.TaskSvc');
  });
  afterEach(async () => {
    await app.close();
  });

  const create = (argDict: Record<string, unknown>, options?: unknown, startTime: unknown = DUE) =>
    svc.createTimerTask('tasks.Inner', startTime, 'customFunc', 'tasks.NormalType', argDict, options);
  const innerTasks = async () => svc.listTasks({ fullName: 'tasks.Inner' });

  test('a call repeated with the same key answers the task the first call created, as it created it, and writes nothing', async () => {
    const first = await create({ order: 7 }, { key: 'invoice-7' });
    const again = await create({ order: 8 }, { key: 'invoice-7' }, '2031-06-01 10:00:00');

    expect(again).toEqual(first);
    expect(first).toMatchObject({ startTime: DUE, status: 'pending', argDict: { order: 7 } });
    expect((await innerTasks()).map((t) => [t.taskId, t.argDict])).toEqual([[first.taskId, { order: 7 }]]);
  });

  test('without a key, the same call twice creates two tasks, as JitAi does', async () => {
    const [a, b] = [await create({ order: 7 }), await create({ order: 7 })];
    expect(a.taskId).not.toBe(b.taskId);
    expect(await innerTasks()).toHaveLength(2);
  });

  test('ten calls at once with one key: one task, and every caller gets it', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => create({ n }, { key: 'once' })));
    expect(new Set(answers.map((a) => a.taskId)).size).toBe(1);
    const tasks = await innerTasks();
    expect(tasks).toHaveLength(1);
    expect(answers.every((a) => a.taskId === tasks[0]!.taskId && a.argDict.n === tasks[0]!.argDict.n)).toBe(true);
  });

  test('the key is an option of a call by name too, and distinct keys make distinct tasks', async () => {
    const args = { fullName: 'tasks.Inner', startTime: DUE, funcName: 'customFunc', taskType: 'tasks.NormalType', argDict: { a: 1 } };
    const byName = (await svc.callFunction('createTimerTask', { ...args, options: { key: 'by-name' } })) as CreatedTask;
    expect(await create({ a: 1 }, { key: 'by-name' })).toEqual(byName);
    const other = await create({ a: 1 }, { key: 'another' });
    expect(other.taskId).not.toBe(byName.taskId);
    expect(await innerTasks()).toHaveLength(2);
  });

  test('a key that created a task of another template is refused, naming the key', async () => {
    const first = await create({}, { key: 'shared' });
    const err = await refusal(svc.createTimerTask('tasks.Retrying', DUE, 'flaky', 'tasks.NormalType', {}, { key: 'shared' }));
    expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'options.key' } });
    expect(err.message).toContain(`created task ${first.taskId} of template tasks.Inner`);
    expect(await svc.listTasks({ fullName: 'tasks.Retrying' })).toEqual([]);
  });

  test.each([
    ['an empty key', { key: '' }, 'options.key', /options\.key must be a non-empty string of at most 255 characters, got a string of 0/],
    ['a number', { key: 42 }, 'options.key', /options\.key must be a non-empty string .* got 42/],
    ['null', { key: null }, 'options.key', /got null/],
    ['a key of 256 characters', { key: 'k'.repeat(256) }, 'options.key', /got a string of 256 characters/],
    ['options that are not an object', 'invoice-7', 'options', /argument 'options' \(JitDict\): expected a plain object/],
    ['an unknown option', { key: 'k', ttl: 60 }, 'options.ttl', /unknown option 'ttl' \(known: key\)/],
  ])('%s is refused with API_PARAMS_ERROR naming it, and nothing is written', async (_, options, argument, message) => {
    const err = await refusal(create({}, options));
    expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument } });
    expect(err.message).toMatch(message);
    expect(await innerTasks()).toEqual([]);
  });

  test('a key of 255 characters is taken', async () => {
    const key = 'k'.repeat(255);
    expect((await create({}, { key })).taskId).toBe((await create({}, { key })).taskId);
    expect(await innerTasks()).toHaveLength(1);
  });

  test('createTimerTasks: a task may carry a key; a batch sent again answers the same tasks and writes none', async () => {
    const batch = [
      { fullName: 'tasks.Inner', startTime: DUE, funcName: 'customFunc', taskType: 'tasks.NormalType', argDict: { i: 0 }, key: 'batch-0' },
      { fullName: 'tasks.Inner', startTime: DUE, funcName: 'customFunc', taskType: 'tasks.NormalType', argDict: { i: 1 }, key: 'batch-1' },
    ];
    const first = await svc.createTimerTasks(batch);
    expect(await svc.createTimerTasks(batch)).toEqual(first);
    // Part of it known, part new: the known one is answered, the new one written.
    const third = { ...batch[0]!, argDict: { i: 2 }, key: 'batch-2' };
    const mixed = await svc.createTimerTasks([batch[1], third]);
    expect(mixed[0]).toEqual(first[1]);
    expect(mixed[1]).toMatchObject({ argDict: { i: 2 } });
    expect((await innerTasks()).map((t) => t.argDict.i).sort()).toEqual([0, 1, 2]);
  });

  test('createTimerTasks: a key given to two tasks of one batch is refused, naming where, and nothing is written', async () => {
    const task = { fullName: 'tasks.Inner', startTime: DUE, funcName: 'customFunc', taskType: 'tasks.NormalType' };
    const err = await refusal(
      svc.createTimerTasks([
        { ...task, key: 'a' },
        { ...task, key: 'b' },
        { ...task, key: 'a' },
      ]),
    );
    expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'key' } });
    expect(err.message).toBe('createTimerTasks: tasks[2]: key "a" is given to tasks[0] too: one key, one task');
    const bad = await refusal(
      svc.createTimerTasks([
        { ...task, key: 'fine' },
        { ...task, key: 7 },
      ]),
    );
    expect(bad).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'key' } });
    expect(bad.message).toMatch(/^createTimerTasks: tasks\[1\]: key must be a non-empty string/);
    expect(await innerTasks()).toEqual([]);
  });
}

describe('idempotency keys of created tasks, on SQLite', () => {
  idempotencyKeyTests((clock) => loadApp(fixtureDir('task-app'), { clock, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-keys-')) }));
});

describePg('idempotency keys of created tasks, on PostgreSQL', (databases) => {
  idempotencyKeyTests(async (clock) =>
    loadApp(onPostgres(fixtureDir('task-app')), {
      clock,
      env: { ...process.env, DATABASE_URL: await databases.create() },
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-keys-pg-')),
    }),
  );
});
