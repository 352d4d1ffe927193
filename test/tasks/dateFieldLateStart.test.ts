import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from 'jittask';
import { openDateFieldApp, type OpenDateFieldApp } from '../fixtures/datefield-harness/openDateFieldApp';
import { notified, whileGreeting } from '../fixtures/datefield-app/elements/services/MeetingSvc';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * A date-field run reads its model row before it calls its function. When the event loop is
 * blocked during that read for longer than the lease, the function must not start once the read
 * is back (its lease ran out: another process may have taken the task): the run is given up and
 * the task given back, to start afresh. Leases of the fixture: 300 s.
 */
const MINUTE = 60_000;
const LEASE = 300_000;

let opened: OpenDateFieldApp;
let dataDir: string;
let clock: ManualClock;

beforeEach(async () => {
  notified.length = 0;
  whileGreeting.action = undefined;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-df-late-'));
  clock = new ManualClock(Date.parse('2025-03-03T07:00:00Z')); // 08:00 in Berlin
  opened = await openDateFieldApp(fixtureDir('datefield-app'), clock, dataDir);
});
afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the loop blocked past the lease while the row is read: the function does not start then; the task is given back and runs afresh', async () => {
  const row = await opened.meetings.create({ title: 'Planning', startTime: '2025-03-03 08:20:00', status: 'confirmed' });
  const [task] = await opened.svc.listTasks({ fullName: 'tasks.MeetingReminder', status: 'pending' });
  const read = opened.meetings.get.bind(opened.meetings);
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  jest.spyOn(opened.meetings, 'get').mockImplementationOnce(async (id) => {
    await answered;
    return read(id);
  });

  await clock.advance(5 * MINUTE); // due at 08:05: claimed, and its row is being read…
  expect(notified).toEqual([]);
  clock.block(LEASE + MINUTE); // …while the loop is blocked for longer than the lease
  answer();
  await clock.advance(0);
  // The run was given up without calling its function; the task, given back, was claimed and run afresh.
  expect(opened.events.filter((e) => e.taskId === task!.taskId).map((e) => [e.kind, e.attempt])).toEqual([
    ['started', 1],
    ['leaseLost', 1],
    ['started', 1],
    ['ended', 1],
  ]);
  expect(notified.map((n) => n.taskId)).toEqual([task!.taskId]);
  const ended = await opened.svc.getTask(task!.taskId);
  expect(ended).toMatchObject({ status: 'completed', attempt: 1, rowId: String(row.id) });
  expect(ended.history?.map((h) => [h.event, h.attempt])).toEqual([
    ['started', 1],
    ['completed', 1],
  ]);
});
