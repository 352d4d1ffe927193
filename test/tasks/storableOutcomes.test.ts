import * as path from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openEngineApp, type OpenEngineApp } from '../fixtures/task-harness/openEngineApp';
import { describePg, runSql } from '../support/pg';
import { captureLog } from '../support/captureLog';

/**
 * Whatever a task function returns or throws ends its task. PostgreSQL refuses NUL in text, so NUL
 * and unpaired UTF-16 surrogates (which no UTF-8 text can hold) are stored as U+FFFD, on both
 * databases alike. An end the database refuses for good ends the run as `error`, saying why.
 */
const T = Date.UTC(2025, 2, 1, 8);

const opened: OpenEngineApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

/** Runs a `tasks.Odd` task of `kind` to its end and returns the task. */
async function runOdd(app: OpenEngineApp, kind: string) {
  const task = await app.svc.createTimerTask('tasks.Odd', new Date(T), 'customFunc', 'tasks.NormalType', { kind });
  await app.settle();
  return app.svc.getTask(task.taskId);
}

function outcomesEndTheirTasks(open: () => Promise<OpenEngineApp>): void {
  test("a thrown Error('\\u0000') ends its task as error, the NUL stored as U+FFFD", async () => {
    const ended = await runOdd(await open(), 'nulError');
    expect(ended).toMatchObject({ status: 'error', error: { message: '\ufffd' } });
    expect(ended.error?.stack).toMatch(/^Error: \ufffd\n/);
    expect(ended.history?.map((h) => [h.event, h.message])).toEqual([
      ['started', null],
      ['error', '\ufffd'],
    ]);
  });

  test('a thrown message with an unpaired surrogate ends its task, the surrogate stored as U+FFFD', async () => {
    const ended = await runOdd(await open(), 'surrogateError');
    expect(ended).toMatchObject({ status: 'error', error: { message: 'half \ufffd a pair' } });
    expect(ended.history?.at(-1)).toMatchObject({ event: 'error', message: 'half \ufffd a pair' });
  });

  test('a returned object with NUL in a key and a value completes its task', async () => {
    const ended = await runOdd(await open(), 'nulObject');
    expect(ended).toMatchObject({ status: 'completed', result: { 'a\ufffd': '\ufffd' } });
  });

  test('a returned string with an unpaired surrogate completes its task; a whole pair is kept as it is', async () => {
    const app = await open();
    expect(await runOdd(app, 'loneSurrogate')).toMatchObject({ status: 'completed', result: 'x\ufffdy' });
    expect(await runOdd(app, 'pair')).toMatchObject({ status: 'completed', result: 'a whole pair: \ud83d\ude00' });
  });
}

/** The end of a run whose result is "refuse me", which `refuse` makes the database refuse for good. */
function refusedEndsAsError(open: () => Promise<OpenEngineApp>, refuse: (app: OpenEngineApp) => Promise<void>): void {
  test('an end the database refuses for good ends the run as error with a message that says why', async () => {
    const app = await open();
    await refuse(app);
    const logged = captureLog(app.app.logger);
    const ended = await runOdd(app, 'refuse me');
    logged.restore();
    expect(logged.lines).toEqual([expect.stringMatching(/^error: task \S+ attempt 1: the database refused to record how the run ended/)]);
    expect(ended).toMatchObject({ status: 'error', attempt: 1, result: null });
    expect(ended.error?.message).toMatch(/^the database refused to record how the run ended \(completed\) for good: .*refuse_me/);
    expect(ended.history?.map((h) => h.event)).toEqual(['started', 'error']);
    expect(app.events.filter((e) => e.kind === 'ended').map((e) => e.status)).toEqual(['error']);
  });
}

describe('odd outcomes on SQLite', () => {
  const open = async () => {
    const app = await openEngineApp(fixtureDir('engine-app'), new ManualClock(T));
    opened.push(app);
    return app;
  };
  outcomesEndTheirTasks(open);
  refusedEndsAsError(open, async (app) => {
    const db = new Database(path.join(app.dataDir, 'databases', 'Default', 'data.db'));
    db.exec(`CREATE TRIGGER refuse_me BEFORE UPDATE OF result ON jittask_tasks WHEN NEW.result = '"refuse me"'
             BEGIN SELECT RAISE(ABORT, 'refuse_me'); END`);
    db.close();
  });
});

describePg('odd outcomes on PostgreSQL', ({ create }) => {
  let url: string;
  const open = async () => {
    url = await create();
    const app = await openEngineApp(fixtureDir('engine-app-pg'), new ManualClock(T), url);
    opened.push(app);
    return app;
  };
  outcomesEndTheirTasks(open);
  refusedEndsAsError(open, () =>
    runSql(url, `ALTER TABLE jittask_tasks ADD CONSTRAINT refuse_me CHECK (result IS DISTINCT FROM '"refuse me"')`),
  );
});
