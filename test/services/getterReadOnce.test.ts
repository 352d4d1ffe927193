import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { convertValue } from '../../src/services/dataTypes';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const DUE = '2025-03-01 08:00:05';

/** An object whose `key` getter gives 1, 2, 3, … on each read, and the count of reads so far. */
function shiftingObject(key: string): { value: Record<string, unknown>; reads(): number } {
  let reads = 0;
  const value = {};
  Object.defineProperty(value, key, { enumerable: true, get: () => ++reads });
  return { value, reads: () => reads };
}

describe('a getter in what a caller passes is read once: what is checked is what is used', () => {
  let dataDir: string;
  let opened: OpenTaskApp;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-read-once-'));
    opened = await openTaskApp(fixtureDir('task-app'), new ManualClock(START), dataDir);
  });
  afterEach(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('createTimerTask: the argDict getter is read once, and the task keeps the value that was checked', async () => {
    const argDict = shiftingObject('ms');
    const created = await opened.svc.createTimerTask('tasks.Inner', DUE, 'services.Greeter.wait', 'tasks.NormalType', argDict.value);
    expect(argDict.reads()).toBe(1);
    expect(created.argDict).toEqual({ ms: 1 });
    expect((await opened.svc.getTask(created.taskId)).argDict).toEqual({ ms: 1 });
  });

  test('createTimerTasks: each argDict getter in the list is read once', async () => {
    const argDict = shiftingObject('ms');
    const [created] = await opened.svc.createTimerTasks([
      { fullName: 'tasks.Inner', startTime: DUE, funcName: 'services.Greeter.wait', taskType: 'tasks.NormalType', argDict: argDict.value },
    ]);
    expect(argDict.reads()).toBe(1);
    expect((await opened.svc.getTask(created!.taskId)).argDict).toEqual({ ms: 1 });
  });

  test('a getter on the task object of a batch is read once too', async () => {
    let reads = 0;
    const item = { fullName: 'tasks.Inner', funcName: 'services.Greeter.wait', taskType: 'tasks.NormalType', argDict: { ms: 5 } };
    Object.defineProperty(item, 'startTime', { enumerable: true, get: () => (++reads === 1 ? DUE : 'not a time') });
    const [created] = await opened.svc.createTimerTasks([item]);
    expect(reads).toBe(1);
    expect(created!.startTime).toBe(DUE);
  });
});

describe('data types JitDict, JitList and RowData: the function gets what was checked', () => {
  test('a value without getters is passed on as the same object', () => {
    const date = new Date('2025-03-01T00:00:00Z');
    const value = { when: date, list: [1, 2] };
    const converted = convertValue('JitDict', value, 'UTC');
    expect(converted).toEqual({ ok: true, value });
    expect(converted.ok && converted.value).toBe(value);
  });

  test.each(['JitDict', 'RowData'])('%s with a getter: passed on as the copy read at the check, the getter read once', (dataType) => {
    const shifting = shiftingObject('n');
    const converted = convertValue(dataType, { nested: shifting.value }, 'UTC');
    expect(shifting.reads()).toBe(1);
    expect(converted).toEqual({ ok: true, value: { nested: { n: 1 } } });
    expect(Object.getOwnPropertyDescriptor((converted as { value: { nested: object } }).value.nested, 'n')).toMatchObject({ value: 1 });
  });

  test('JitList with a getter on an item: passed on as the copy read at the check', () => {
    let reads = 0;
    const list: unknown[] = [0];
    Object.defineProperty(list, 1, { enumerable: true, get: () => ++reads });
    const converted = convertValue('JitList', list, 'UTC');
    expect(reads).toBe(1);
    expect(converted).toEqual({ ok: true, value: [0, 1] });
  });
});
