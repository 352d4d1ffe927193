import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type App } from 'jittask';
import { SeriesPlanner } from '../../../src/tasks/engine/SeriesPlanner';
import type { TaskQueries } from '../../../src/tasks/queries/TaskQueries';
import type { TaskStore } from '../../../src/tasks/store/TaskStore';
import { taskQueriesOf, taskStoreOf } from '../../fixtures/task-harness/taskWing';
import { fixtureDir } from '../../fixtures/fixtureDir';

/**
 * The start-up sync of the `lease-app-busy` fixture's minutely series (first run 08:01:00) with
 * its occurrence overdue by 8 s, past the 5 s tolerance: whether it is a misfire depends on
 * whether another process of the app lives.
 */
const T = Date.UTC(2025, 2, 1, 8, 1, 8);
let app: App;
let store: TaskStore;
let queries: TaskQueries;

beforeEach(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-series-'));
  app = await loadApp(fixtureDir('lease-app-busy'), { clock: new ManualClock(T), dataDir });
  store = taskStoreOf(app);
  queries = taskQueriesOf(app);
  await store.insert([
    {
      taskId: 'due-08-01',
      fullName: 'tasks.Minutely',
      taskType: 'tasks.NormalType',
      funcName: 'services.Gate.pass',
      argDict: { key: 'minutely' },
      dueAt: Date.UTC(2025, 2, 1, 8, 1),
      origin: 'series',
      attempt: 1,
      createdAt: T - 60_000,
    },
  ]);
});
afterEach(async () => {
  await app.close();
});
const planner = () =>
  new SeriesPlanner(
    app,
    () => store,
    () => queries,
    'w-new',
    5000,
  );

test('with no other live process, the overdue occurrence was missed: it is skipped and recorded on the next one', async () => {
  const skipped = await planner().syncTemplates(false);
  expect(skipped.map((s) => s.row.taskId)).toEqual(['due-08-01']);
  const [next] = await queries.list({ fullName: 'tasks.Minutely', status: 'pending' });
  expect(next?.dueAt).toBe(Date.UTC(2025, 2, 1, 8, 2));
  expect(await queries.history(next!.taskId)).toMatchObject([
    { event: 'skipped', message: expect.stringContaining('due 2025-03-01 08:01:00 (task due-08-01) skipped') },
  ]);
});

test('while another process lives, the overdue occurrence is simply due: it is kept to run now', async () => {
  expect(await planner().syncTemplates(true)).toEqual([]);
  expect((await queries.list({ fullName: 'tasks.Minutely', status: 'pending' })).map((t) => t.taskId)).toEqual(['due-08-01']);
});

test('the next occurrence after a run continues from the later of its due time and now', () => {
  const row = { taskId: 'due-08-01', fullName: 'tasks.Minutely', origin: 'series', dueAt: Date.UTC(2025, 2, 1, 8, 1) } as Parameters<
    SeriesPlanner['nextOccurrenceTask']
  >[0];
  expect(planner().nextOccurrenceTask(row, T)?.dueAt).toBe(Date.UTC(2025, 2, 1, 8, 2));
});
