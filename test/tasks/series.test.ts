import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp, type TemplateDefine } from '../fixtures/task-harness/writeTemplateApp';
import { taskStoreOf } from '../fixtures/task-harness/taskWing';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3600_000;
/** One process only, so a slow poll loses nothing and keeps hours of manual time quick to simulate. */
const QUICK = { pollInterval: 60, leaseSeconds: 300, shutdownGraceSeconds: 5 };

/** Every hour on the hour, greeting `name`. */
const hourly = (name: string, more: Partial<TemplateDefine> = {}): TemplateDefine => ({
  title: `Hourly ${name}`,
  func: 'services.Greeter.hello',
  argDict: { name },
  timerCfg: { startTime: '2025-01-01 00:00:00', repeat: { repeatType: 'hour', period: 1 } },
  ...more,
});

let appDir: string;
let dataDir: string;
let clock: ManualClock;
let opened: OpenTaskApp | undefined;

beforeEach(() => {
  calls.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(appDir, { recursive: true, force: true });
});

/** Writes the app's templates (again, for a restart with changed definitions) and starts it at `at`. */
async function startWith(templates: Record<string, TemplateDefine>, at: number): Promise<OpenTaskApp> {
  await opened?.close();
  appDir = writeTemplateApp(templates, { dir: appDir, scheduler: QUICK });
  clock = new ManualClock(at);
  opened = await openTaskApp(appDir, clock, dataDir);
  return opened;
}

beforeEach(() => {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-app-'));
});

/** The pending occurrences of a template. */
async function pending(fullName: string) {
  return opened!.svc.listTasks({ fullName, status: 'pending' });
}

/** The names greeted so far, in order. */
const greeted = (): unknown[] => calls.filter((c) => c.fn === 'hello').map((c) => c.args[0]);

describe('on start, a series has exactly one pending occurrence', () => {
  test('the first occurrence after now is written, and kept across restarts', async () => {
    await startWith({ Hourly: hourly('h') }, START);
    const [first, ...more] = await pending('tasks.Hourly');
    expect(more).toEqual([]);
    expect(first).toMatchObject({ startTime: '2025-03-01 09:00:00', argDict: { name: 'h' }, funcName: 'services.Greeter.hello' });
    await startWith({ Hourly: hourly('h') }, START + 10 * MINUTE);
    expect((await pending('tasks.Hourly')).map((t) => t.taskId)).toEqual([first!.taskId]);
  });

  test("a template of the app's own task Type (tasks.ReportType) has its series too", async () => {
    await startWith({ Report: hourly('r', { type: 'tasks.ReportType' }) }, START);
    expect((await pending('tasks.Report')).map((t) => [t.taskType, t.startTime])).toEqual([['tasks.ReportType', '2025-03-01 09:00:00']]);
    await clock.advance(HOUR);
    expect(greeted()).toEqual(['r']);
  });

  test('each run writes the next occurrence; a series never has two pending', async () => {
    const app = await startWith({ Hourly: hourly('h') }, START);
    await clock.advance(3 * HOUR);
    expect(greeted()).toEqual(['h', 'h', 'h']);
    const all = await app.svc.listTasks({ fullName: 'tasks.Hourly' });
    expect(all.map((t) => [t.startTime, t.status])).toEqual([
      ['2025-03-01 12:00:00', 'pending'],
      ['2025-03-01 11:00:00', 'completed'],
      ['2025-03-01 10:00:00', 'completed'],
      ['2025-03-01 09:00:00', 'completed'],
    ]);
  });
});

describe('misfire: an occurrence missed while the app was down', () => {
  test('is skipped by default: recorded as skipped, and the series continues after now', async () => {
    await startWith({ Hourly: hourly('h') }, START);
    const [missed] = await pending('tasks.Hourly');
    // Down from 08:00 until 11:30: 09:00, 10:00 and 11:00 were missed.
    const app = await startWith({ Hourly: hourly('h') }, START + 3.5 * HOUR);
    const [next, ...more] = await pending('tasks.Hourly');
    expect(more).toEqual([]);
    expect(next!.startTime).toBe('2025-03-01 12:00:00');
    const skipped = app.events.filter((e) => e.kind === 'skipped');
    expect(skipped).toEqual([
      {
        kind: 'skipped',
        taskId: missed!.taskId,
        fullName: 'tasks.Hourly',
        dueAt: START + HOUR,
        message: expect.stringContaining('missed occurrence due 2025-03-01 09:00:00'),
      },
    ]);
    expect((await app.svc.getTask(next!.taskId)).history).toEqual([
      { event: 'skipped', attempt: 0, at: '2025-03-01 11:30:00', workerId: app.svc.service.workerId, message: skipped[0]!.message },
    ]);
    await clock.advance(30 * MINUTE - SECOND);
    expect(greeted()).toEqual([]);
    await clock.advance(SECOND);
    expect(greeted()).toEqual(['h']);
  });

  test('with misfire: fireOnce, one catch-up run happens at once, then the series continues after now', async () => {
    await startWith({ CatchUp: hourly('c', { misfire: 'fireOnce' }) }, START);
    const [missed] = await pending('tasks.CatchUp');
    const app = await startWith({ CatchUp: hourly('c', { misfire: 'fireOnce' }) }, START + 3.5 * HOUR);
    await clock.advance(0);
    expect(greeted()).toEqual(['c']);
    expect(await app.svc.getTask(missed!.taskId)).toMatchObject({
      status: 'completed',
      startTime: '2025-03-01 09:00:00',
      startedAt: '2025-03-01 11:30:00',
    });
    expect((await pending('tasks.CatchUp')).map((t) => t.startTime)).toEqual(['2025-03-01 12:00:00']);
    expect(app.events.filter((e) => e.kind === 'skipped')).toEqual([]);
    await clock.advance(30 * MINUTE);
    expect(greeted()).toEqual(['c', 'c']);
  });

  test('an occurrence due moments before the restart (within the tolerance) is not a misfire: it runs', async () => {
    await startWith({ Hourly: hourly('h') }, START);
    const [due] = await pending('tasks.Hourly');
    const app = await startWith({ Hourly: hourly('h') }, START + HOUR + 2 * SECOND);
    await clock.advance(0);
    expect(greeted()).toEqual(['h']);
    expect(await app.svc.getTask(due!.taskId)).toMatchObject({ status: 'completed', startedAt: '2025-03-01 09:00:02' });
    expect((await pending('tasks.Hourly')).map((t) => t.startTime)).toEqual(['2025-03-01 10:00:00']);
  });
});

test('an occurrence waiting for its retry keeps it across a restart', async () => {
  const failing = hourly('h', { func: 'services.Greeter.fail', argDict: {}, retry: { maxAttempts: 2, backoffSeconds: 60 } });
  await startWith({ Series: failing }, START);
  await clock.advance(HOUR + 30 * SECOND); // attempt 1 failed at 09:00, attempt 2 is due 09:01
  const [retry] = await pending('tasks.Series');
  expect(retry).toMatchObject({ attempt: 2, startTime: '2025-03-01 09:01:00' });
  const app = await startWith({ Series: failing }, START + HOUR + 40 * SECOND);
  expect((await pending('tasks.Series')).map((t) => [t.taskId, t.attempt])).toEqual([[retry!.taskId, 2]]);
  await clock.advance(20 * SECOND);
  expect(await app.svc.getTask(retry!.taskId)).toMatchObject({ status: 'error', attempt: 2 });
  expect((await pending('tasks.Series')).map((t) => t.startTime)).toEqual(['2025-03-01 10:00:00']);
});

describe('a changed definition replaces the pending occurrence on restart', () => {
  test.each<[string, Partial<TemplateDefine>, string, unknown]>([
    ['timerCfg', { timerCfg: { startTime: '2025-01-01 00:30:00', repeat: { repeatType: 'hour', period: 1 } } }, '2025-03-01 08:30:00', 'h'],
    ['argDict', { argDict: { name: 'changed' } }, '2025-03-01 09:00:00', 'changed'],
  ])('a changed %s', async (_, change, startTime, name) => {
    await startWith({ Hourly: hourly('h') }, START);
    const [before] = await pending('tasks.Hourly');
    const app = await startWith({ Hourly: hourly('h', change) }, START + 10 * MINUTE);
    const [after, ...more] = await pending('tasks.Hourly');
    expect(more).toEqual([]);
    expect(after!.taskId).not.toBe(before!.taskId);
    expect(after!.startTime).toBe(startTime);
    await expect(app.svc.getTask(before!.taskId)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await clock.advance(HOUR);
    expect(greeted()).toEqual([name]);
  });

  test('a changed func', async () => {
    await startWith({ Hourly: hourly('h') }, START);
    await startWith({ Hourly: hourly('h', { func: 'services.Greeter.fail', argDict: { message: 'now failing' } }) }, START + 10 * MINUTE);
    const [after] = await pending('tasks.Hourly');
    expect(after).toMatchObject({
      funcName: 'services.Greeter.fail',
      argDict: { message: 'now failing' },
      startTime: '2025-03-01 09:00:00',
    });
  });
});

describe('a template that is disabled or removed loses its pending occurrence on restart', () => {
  test.each([
    ['enable: false', { enable: false }],
    ['enable: 0 (as JitAi writes it)', { enable: 0 }],
  ])('disabled with %s: nothing pending, nothing runs; enabled again, the series resumes', async (_, disable) => {
    await startWith({ Hourly: hourly('h') }, START);
    expect(await pending('tasks.Hourly')).toHaveLength(1);
    await startWith({ Hourly: hourly('h', disable) }, START + 10 * MINUTE);
    expect(await pending('tasks.Hourly')).toEqual([]);
    await clock.advance(2 * HOUR);
    expect(greeted()).toEqual([]);
    await startWith({ Hourly: hourly('h') }, START + 3 * HOUR);
    expect((await pending('tasks.Hourly')).map((t) => t.startTime)).toEqual(['2025-03-01 12:00:00']);
  });

  test('removed: its occurrence is gone, and a manual task of it fails instead of running', async () => {
    const first = await startWith({ Hourly: hourly('h') }, START);
    const [occurrence] = await pending('tasks.Hourly');
    const manual = await first.svc.createTimerTask('tasks.Hourly', '2025-03-01 08:30:00', 'services.Greeter.hello', 'tasks.NormalType', {
      name: 'manual',
    });
    const app = await startWith({}, START + 10 * MINUTE);
    await expect(app.svc.getTask(occurrence!.taskId)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await clock.advance(2 * HOUR);
    expect(greeted()).toEqual([]);
    expect(await app.svc.getTask(manual.taskId)).toMatchObject({
      status: 'error',
      error: { message: "template 'tasks.Hourly' no longer exists" },
    });
    expect(await app.svc.listTasks({ fullName: 'tasks.Hourly', status: 'pending' })).toEqual([]);
  });
});

describe('the next occurrence is written when a run ends, whatever its end status', () => {
  test.each<[string, TemplateDefine, string]>([
    ['completed', hourly('h'), 'completed'],
    ['error', hourly('h', { func: 'services.Greeter.fail', argDict: {} }), 'error'],
    ['timeout', hourly('h', { func: 'services.Greeter.wait', argDict: { ms: HOUR }, timeout: 2 }), 'timeout'],
    [
      'error after its retries',
      hourly('h', { func: 'services.Greeter.fail', argDict: {}, retry: { maxAttempts: 2, backoffSeconds: 1 } }),
      'error',
    ],
  ])('%s', async (_, template, status) => {
    const app = await startWith({ Series: template }, START);
    const [nine] = await pending('tasks.Series');
    await clock.advance(HOUR + 10 * SECOND);
    const ended = await app.svc.getTask(nine!.taskId);
    expect(ended.status).toBe(status);
    const [ten, ...more] = await pending('tasks.Series');
    expect(more).toEqual([]);
    expect(ten).toMatchObject({ startTime: '2025-03-01 10:00:00', createdAt: ended.endedAt });
  });

  test('error because its worker was lost', async () => {
    const app = await startWith({ Series: hourly('h') }, START);
    const [nine] = await pending('tasks.Series');
    // Another process, its clock a second ahead, claims the 09:00 occurrence and dies.
    await clock.advance(HOUR - SECOND);
    const { leaseMs } = app.svc.service.settings;
    await taskStoreOf(app.app).claimDue(clock.now() + SECOND, 1, 'crashed-worker', leaseMs);
    await clock.advance(leaseMs + 2 * MINUTE); // noticed at the first poll after the lease ended
    const ended = await app.svc.getTask(nine!.taskId);
    expect(ended).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/^worker lost/) } });
    expect((await pending('tasks.Series')).map((t) => [t.startTime, t.createdAt])).toEqual([['2025-03-01 10:00:00', ended.endedAt]]);
    expect(greeted()).toEqual([]);
  });

  test('occurrences that fell due while a run was still going are not replayed', async () => {
    const everyMinute = hourly('m', {
      func: 'services.Greeter.wait',
      argDict: { ms: 150 * SECOND },
      timerCfg: { startTime: '2025-01-01 00:00:00', repeat: { repeatType: 'minute', period: 1 } },
    });
    const app = await startWith({ Minutely: everyMinute }, START);
    await clock.advance(MINUTE); // 08:01 starts, runs until 08:03:30
    await clock.advance(150 * SECOND);
    const runs = await app.svc.listTasks({ fullName: 'tasks.Minutely' });
    expect(runs.map((t) => [t.startTime, t.status])).toEqual([
      ['2025-03-01 08:04:00', 'pending'],
      ['2025-03-01 08:01:00', 'completed'],
    ]);
  });
});
