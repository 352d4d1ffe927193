import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { runs } from '../fixtures/lease-app/elements/services/Gate';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';
import { captureLog } from '../support/captureLog';

/**
 * Force-ending a run whose function ignores its signal: the run's slot is freed at once, and what
 * the function returns afterwards is discarded, whichever process force-ended it. Processes share
 * one SQLite file, each on a clock of its own; `lease-app-busy` has one slot and leases of 6 s,
 * renewed every 2 s.
 */
const T = Date.UTC(2025, 2, 1, 8);
const RENEWAL = 2000;

const opened: OpenTaskApp[] = [];
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-forced-'));
});
afterEach(async () => {
  for (const app of opened.splice(0).reverse()) await app.close();
  runs.length = 0;
  jest.restoreAllMocks();
});

async function processOf(fixture: string, clock: ManualClock): Promise<OpenTaskApp> {
  const app = await openTaskApp(fixtureDir(fixture), clock, dataDir);
  opened.push(app);
  return app;
}

/** A stubborn task (it ignores its signal) and then a well-behaved one, both due now. */
async function stubbornThenNext(app: OpenTaskApp) {
  const stubborn = await app.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.stubborn', 'tasks.NormalType', {
    key: 'stubborn',
  });
  const next = await app.svc.createTimerTask('tasks.Once', new Date(T), 'services.Gate.pass', 'tasks.NormalType', { key: 'next' });
  return { stubborn, next };
}

describe('a force-ended run frees its slot at once', () => {
  test('force-ended in its own process: with one slot, the next task due starts right away', async () => {
    const clock = new ManualClock(T);
    const a = await processOf('lease-app-busy', clock);
    const { stubborn, next } = await stubbornThenNext(a);
    await clock.advance(0);
    expect(runs.map((r) => r.key)).toEqual(['stubborn']);

    await a.svc.forcedEnd(stubborn.taskId);
    await clock.advance(0);
    expect(runs[0]!.signal.aborted).toBe(true);
    expect(runs.map((r) => r.key)).toEqual(['stubborn', 'next']);
    expect(await a.svc.getTask(next.taskId)).toMatchObject({ status: 'running', startedAt: '2025-03-01 08:00:00' });
    expect(a.svc.service.runningCount).toBe(1);
  });

  test('force-ended by another process: the owner frees the slot when its next renewal learns it', async () => {
    const clockA = new ManualClock(T);
    const clockB = new ManualClock(T);
    const a = await processOf('lease-app-busy', clockA);
    const { stubborn, next } = await stubbornThenNext(a);
    await clockA.advance(0);
    const b = await processOf('lease-app', clockB);
    await b.svc.forcedEnd(stubborn.taskId);

    await clockA.advance(RENEWAL);
    expect(runs[0]!.signal.aborted).toBe(true);
    expect(runs.map((r) => r.key)).toEqual(['stubborn', 'next']);
    expect(await a.svc.getTask(next.taskId)).toMatchObject({ status: 'running', startedAt: '2025-03-01 08:00:02' });
  });
});

describe("a force-ended run's result is discarded", () => {
  test('returned before its process learns of the force-end made elsewhere: no `late` entry, no event, no "lease was lost" line', async () => {
    const clockA = new ManualClock(T);
    const clockB = new ManualClock(T);
    const a = await processOf('lease-app-busy', clockA);
    const { stubborn } = await stubbornThenNext(a);
    await clockA.advance(0);
    const b = await processOf('lease-app', clockB);
    await b.svc.forcedEnd(stubborn.taskId);
    const logged = captureLog(a.app.logger);

    runs[0]!.open('returned after the force-end');
    await clockA.advance(0);
    await clockA.advance(RENEWAL);

    const ended = await b.svc.getTask(stubborn.taskId);
    expect(ended).toMatchObject({ status: 'forcedEnd', result: null, error: null, endedAt: '2025-03-01 08:00:00' });
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'forcedEnd']);
    expect(a.events.filter((e) => e.taskId === stubborn.taskId).map((e) => e.kind)).toEqual(['started']);
    expect(logged.lines).toEqual([]);
  });

  test('returned after its own process force-ended it: the same', async () => {
    const clock = new ManualClock(T);
    const a = await processOf('lease-app-busy', clock);
    const { stubborn } = await stubbornThenNext(a);
    await clock.advance(0);
    await a.svc.forcedEnd(stubborn.taskId);
    const logged = captureLog(a.app.logger);

    runs[0]!.open('returned after the force-end');
    await clock.advance(RENEWAL);
    const ended = await a.svc.getTask(stubborn.taskId);
    expect(ended).toMatchObject({ status: 'forcedEnd', result: null });
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'forcedEnd']);
    expect(a.events.filter((e) => e.taskId === stubborn.taskId).map((e) => e.kind)).toEqual(['started']);
    expect(logged.lines).toEqual([]);
  });
});
