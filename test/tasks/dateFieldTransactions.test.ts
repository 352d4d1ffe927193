import { AsyncResource } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, type ModelRowChange, type TimerHandle } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { notified } from '../fixtures/datefield-app/elements/services/MeetingSvc';
import { fixtureDir } from '../fixtures/fixtureDir';

/** 2025-03-03 08:00 in Berlin, the zone of the datefield-app fixture. */
const START = Date.parse('2025-03-03T07:00:00Z');
const MINUTE = 60_000;

/**
 * A manual clock whose timers run in the async context that set them, as Node's own timers do
 * (ManualClock runs them in the context of `advance`): a wake-up set by a hook runs inside it.
 */
class ContextKeepingClock extends ManualClock {
  override setTimer(fn: () => void, ms: number): TimerHandle {
    return super.setTimer(AsyncResource.bind(fn), ms);
  }
}

let dataDir: string;
let clock: ManualClock;
let opened: OpenDateFieldApp;
const failure = new Error("the model's own hook failed");

beforeEach(async () => {
  notified.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-'));
  clock = new ContextKeepingClock(START);
  opened = await openDateFieldApp(fixtureDir('datefield-app'), clock, dataDir);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Makes the Meeting model's afterSave do its work (schedule the row's tasks), then wait on the
 * returned `release` before failing: a model write whose transaction stays open across an await.
 */
function slowFailingHook(): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const afterSave = opened.meetings.afterSave.bind(opened.meetings);
  jest.spyOn(opened.meetings, 'afterSave').mockImplementation(async (rowObj: ModelRowChange) => {
    await afterSave(rowObj);
    await gate;
    throw failure;
  });
  return release;
}

test('the scheduler claims and ends a due task only after an open model transaction: its rollback undoes neither, and the task runs once', async () => {
  const task = await opened.svc.createTimerTask(
    'tasks.MeetingReminder',
    '2025-03-03 08:00:01',
    'services.MeetingSvc.notify',
    'tasks.DateFieldType',
    { rowData: { title: 'manual' } },
  );
  const release = slowFailingHook();
  const writing = opened.meetings.create({ title: 'Doomed', startTime: '2025-03-04 10:00:00', status: 'draft' });

  await clock.advance(1000); // the task is due while the model's transaction is open
  expect(notified).toEqual([]);
  release();
  await expect(writing).rejects.toBe(failure);
  await clock.advance(0);

  expect(notified.map((n) => n.taskId)).toEqual([task.taskId]);
  const ended = await opened.svc.getTask(task.taskId);
  expect(ended.status).toBe('completed');
  expect(ended.history?.map((h) => h.event)).toEqual(['started', 'completed']);
  await clock.advance(10 * MINUTE);
  expect(notified).toHaveLength(1);
});

test('a task created elsewhere while a model transaction is open is written after it, and survives its rollback', async () => {
  const release = slowFailingHook();
  const writing = opened.meetings.create({ title: 'Doomed', startTime: '2025-03-04 10:00:00', status: 'draft' });
  await clock.advance(0); // the model's transaction is open, its hook waiting
  const creating = opened.svc.createTimerTask(
    'tasks.MeetingReminder',
    '2025-03-03 09:00:00',
    'services.MeetingSvc.notify',
    'tasks.DateFieldType',
    { rowData: {} },
  );
  await clock.advance(0);
  release();
  await expect(writing).rejects.toBe(failure);
  const { taskId } = await creating;
  expect(await opened.svc.getTask(taskId)).toMatchObject({ status: 'pending' });
});

test('a reminder written by a model write that is rolled back never runs, though its hook woke the scheduler', async () => {
  await clock.advance(0); // the start-up pass is over: the scheduler sleeps until its next poll
  const release = slowFailingHook();
  // Due at once: the hook's write wakes the scheduler from inside the open transaction.
  const writing = opened.meetings.create({ title: 'Doomed', startTime: '2025-03-03 08:15:00', status: 'confirmed' });
  await clock.advance(0);
  expect(notified).toEqual([]);
  release();
  await expect(writing).rejects.toBe(failure);
  await clock.advance(MINUTE);
  expect(notified).toEqual([]);
  expect(await opened.svc.listTasks({})).toEqual([]);
});
