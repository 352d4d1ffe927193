import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isJitError, ManualClock, type TemplatePauseAnswer, type TaskPageView } from 'jittask';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { openTaskApp, type OpenTaskApp, type TaskSvc } from '../fixtures/task-harness/openTaskApp';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const MINUTE = 60_000;

/** TaskSvc with the functions of pausing and paging. */
type PausingSvc = TaskSvc & {
  pauseTemplate(fullName: unknown): Promise<TemplatePauseAnswer>;
  resumeTemplate(fullName: unknown): Promise<TemplatePauseAnswer>;
  pageTasks(filter?: unknown): Promise<TaskPageView>;
};

let appDir: string;
let dataDir: string;
let clock: ManualClock;
let opened: OpenTaskApp | undefined;
let svc: PausingSvc;

/** Starts (or restarts) the app with a greeting every minute, at `at`. */
async function start(at: number): Promise<void> {
  await opened?.close();
  clock = new ManualClock(at);
  opened = await openTaskApp(appDir, clock, dataDir);
  svc = opened.svc as PausingSvc;
}

beforeEach(async () => {
  calls.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-'));
  appDir = writeTemplateApp(
    {
      Minutely: {
        title: 'Every minute',
        func: 'services.Greeter.hello',
        argDict: { name: 'minute' },
        timerCfg: { startTime: '2025-01-01 00:00:00', repeat: { repeatType: 'minute', period: 1 } },
      },
    },
    { scheduler: { pollInterval: 1, leaseSeconds: 300, shutdownGraceSeconds: 5, overdueToleranceSeconds: 5 } },
  );
  await start(START);
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(appDir, { recursive: true, force: true });
});

const greetings = (): unknown[] => calls.filter((c) => c.fn === 'hello').map((c) => c.args[0]);

test('a paused template runs nothing: its occurrence and its timer tasks wait, pending and overdue; on resume each runs once', async () => {
  await svc.createTimerTask('tasks.Minutely', '2025-03-01 08:00:30', 'services.Greeter.hello', 'tasks.NormalType', { name: 'timer' });
  expect(await svc.pauseTemplate('tasks.Minutely')).toEqual({ fullName: 'tasks.Minutely', paused: true, changed: true });
  expect(await svc.getTaskTmplList('Minutely')).toMatchObject([{ fullName: 'tasks.Minutely', paused: true }]);

  await clock.advance(5 * MINUTE);
  expect(greetings()).toEqual([]);
  const waiting = await svc.listTasks({ fullName: 'tasks.Minutely' });
  expect(waiting.map((t) => [t.startTime, t.status, t.overdue])).toEqual([
    ['2025-03-01 08:01:00', 'pending', true],
    ['2025-03-01 08:00:30', 'pending', true],
  ]);

  expect(await svc.resumeTemplate('tasks.Minutely')).toEqual({ fullName: 'tasks.Minutely', paused: false, changed: true });
  await clock.advance(0);
  // The missed minutes are not replayed: the series' overdue occurrence runs once, then goes on from now.
  expect(greetings().sort()).toEqual(['minute', 'timer']);
  const pending = await svc.listTasks({ fullName: 'tasks.Minutely', status: 'pending' });
  expect(pending.map((t) => t.startTime)).toEqual(['2025-03-01 08:06:00']);
  expect(await svc.getTaskTmplList('Minutely')).toMatchObject([{ paused: false }]);
});

test('a pause survives a restart, and the occurrence it held back is not taken for a missed one', async () => {
  await svc.pauseTemplate('tasks.Minutely');
  await start(START + 30 * MINUTE);
  expect(await svc.getTaskTmplList('Minutely')).toMatchObject([{ fullName: 'tasks.Minutely', paused: true }]);
  await clock.advance(MINUTE);
  expect(greetings()).toEqual([]);

  await svc.resumeTemplate('tasks.Minutely');
  await clock.advance(0);
  expect(greetings()).toEqual(['minute']);
  expect(opened!.events.filter((e) => e.kind === 'skipped')).toEqual([]);
});

test('pausing twice or resuming what is not paused changes nothing; a name that is not a template is refused', async () => {
  await svc.pauseTemplate('tasks.Minutely');
  expect(await svc.pauseTemplate('tasks.Minutely')).toMatchObject({ paused: true, changed: false });
  await svc.resumeTemplate('tasks.Minutely');
  expect(await svc.resumeTemplate('tasks.Minutely')).toMatchObject({ paused: false, changed: false });

  const notTemplate = await svc.pauseTemplate('services.Greeter').catch((e: unknown) => e);
  expect(isJitError(notTemplate, 'API_PARAMS_ERROR')).toBe(true);
  const unknown = await svc.pauseTemplate('tasks.Minutly').catch((e: unknown) => e);
  expect(isJitError(unknown, 'ELEMENT_NOT_FOUND')).toBe(true);
});

test('pageTasks hands a cursor on to the next page; listTasks takes it too, and refuses it with an offset', async () => {
  await svc.pauseTemplate('tasks.Minutely');
  const created = await svc.createTimerTasks(
    Array.from({ length: 5 }, (_, i) => ({
      fullName: 'tasks.Minutely',
      startTime: `2025-03-01 09:0${i}:00`,
      funcName: 'services.Greeter.hello',
      taskType: 'tasks.NormalType',
      argDict: { name: `n${i}` },
    })),
  );
  const first = await svc.pageTasks({ fullName: 'tasks.Minutely', limit: 2 });
  expect(first.tasks.map((t) => t.argDict.name)).toEqual(['n4', 'n3']);
  const second = await svc.listTasks({ fullName: 'tasks.Minutely', limit: 2, cursor: first.nextCursor });
  expect(second.map((t) => t.argDict.name)).toEqual(['n2', 'n1']);
  expect((await svc.pageTasks({ q: created[0]!.taskId.slice(0, 20) })).tasks.map((t) => t.taskId)).toContain(created[0]!.taskId);
  expect((await svc.listTasks({ q: 'N3' })).map((t) => t.argDict.name)).toEqual(['n3']);

  const both = await svc.listTasks({ cursor: first.nextCursor, offset: 2 }).catch((e: unknown) => e);
  expect(isJitError(both, 'API_PARAMS_ERROR') && both.details).toEqual({ argument: 'offset' });
  const bad = await svc.pageTasks({ cursor: 'nonsense' }).catch((e: unknown) => e);
  expect(isJitError(bad, 'API_PARAMS_ERROR') && bad.details).toEqual({ argument: 'cursor' });
});
