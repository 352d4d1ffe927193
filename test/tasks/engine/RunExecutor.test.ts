import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type App } from 'jittask';
import { RunExecutor } from '../../../src/tasks/engine/RunExecutor';
import type { TaskRow } from '../../../src/tasks/TaskRecord';
import { templateSettings } from '../../../src/tasks/TemplateSettings';
import { runs } from '../../fixtures/lease-app/elements/services/Gate';
import { fixtureDir } from '../../fixtures/fixtureDir';

/** The lease fixture's Gate functions, run one claimed task at a time, with no scheduler. */
const T = Date.UTC(2025, 2, 1, 8);
let app: App;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(T);
  app = await loadApp(fixtureDir('lease-app'), { clock, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-exec-')) });
});
afterEach(async () => {
  await app.close();
  runs.length = 0;
});

function claimed(funcName: string, argDict: Record<string, string>): TaskRow {
  return {
    taskId: 't1',
    fullName: 'tasks.Once',
    taskType: 'tasks.NormalType',
    funcName,
    argDict,
    dueAt: T,
    origin: 'manual',
    rowId: null,
    attempt: 2,
    createdAt: T,
    status: 'running',
    startedAt: T,
    endedAt: null,
    result: null,
    error: null,
    workerId: 'w1',
    leaseUntil: T + 6000,
    claimId: 'c1',
  };
}
const template = () => templateSettings(app.getElementDefine('tasks.Once'));

test('calls the function with the arguments by name inside its task context, and the result is the outcome', async () => {
  const execution = new RunExecutor(app, 60_000).execute(claimed('services.Gate.pass', { key: 'k' }), template());
  await clock.advance(0);
  expect(runs.map((r) => [r.key, r.taskId, r.attempt])).toEqual([['k', 't1', 2]]);
  runs[0]!.open('done');
  expect(await execution.result).toEqual({ outcome: { status: 'completed', result: 'done' }, ranWithModelRow: false, started: true });
});

test('a run past its timeout ends as timeout, its signal fired with that cause, whatever the function does', async () => {
  const execution = new RunExecutor(app, 5000).execute(claimed('services.Gate.stubborn', { key: 'k' }), template());
  await clock.advance(5000);
  expect((await execution.result).outcome).toEqual({ status: 'timeout', error: { message: 'timed out after 5 s' } });
  expect((runs[0]!.signal.reason as Error).message).toBe('timeout');
});

test('a run given up keeps no timer alive once its timeout is stopped', async () => {
  const before = clock.pendingTimers;
  const execution = new RunExecutor(app, 12 * 3600_000).execute(claimed('services.Gate.stubborn', { key: 'k' }), template());
  await clock.advance(0);
  expect(clock.pendingTimers).toBe(before + 1);
  execution.abort.abort('shutdown');
  execution.stopTimer();
  expect(clock.pendingTimers).toBe(before);
});

test('a task whose template is gone fails without calling anything', async () => {
  const execution = new RunExecutor(app, 60_000).execute(claimed('services.Gate.pass', { key: 'k' }), undefined);
  expect((await execution.result).outcome).toMatchObject({ status: 'error', error: { message: "template 'tasks.Once' no longer exists" } });
  expect(runs).toEqual([]);
});
