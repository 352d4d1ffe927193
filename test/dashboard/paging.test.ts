import type { Page } from 'playwright-core';
import { formatAppTime } from '../../src/time/formatAppTime';
import { openDashboard, type OpenDashboard } from './openDashboard';

// 10,000 tasks of one template, the oldest 3,600 due in the past hour: the scheduler is not
// started, so they stay pending, and those past due are overdue.
const COUNT = 10_000;
const PAST = 3_600;

let dash: OpenDashboard;
let expected: string[];

beforeAll(async () => {
  dash = await openDashboard({ start: false });
  const first = Date.now() - PAST * 1000;
  for (let done = 0; done < COUNT; done += 2_000) {
    await dash.svc.createTimerTasks(
      Array.from({ length: 2_000 }, (_, i) => ({
        fullName: 'tasks.Import',
        startTime: new Date(first + (done + i) * 1000).toISOString(),
        funcName: 'services.Jobs.work',
        taskType: 'tasks.NormalType',
        argDict: { label: `n${done + i}` },
      })),
    );
  }
  expected = (await dash.svc.listTasks({ fullName: 'tasks.Import', limit: COUNT })).map((t) => t.taskId);
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

/** The task ids the page shows, once it shows page `n`. */
async function pageIds(page: Page, n: number): Promise<string[]> {
  await page.locator('[data-testid="tasks-page"]', { hasText: new RegExp(`^page ${n} `) }).waitFor();
  return page.locator('[data-testid="task-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id') ?? ''));
}

test('an operator pages through 10,000 tasks with Next: every task once, newest due first, then no Next', async () => {
  const { page, errors } = await dash.open({ hash: '/tasks?template=tasks.Import&limit=200' });
  const seen: string[] = [];
  for (let n = 1; ; n++) {
    seen.push(...(await pageIds(page, n)));
    if (await page.locator('[data-testid="tasks-next"]').isDisabled()) break;
    await page.locator('[data-testid="tasks-next"]').click();
  }
  expect(seen.length).toBe(COUNT);
  expect(seen).toEqual(expected);
  expect(errors).toEqual([]);
  await page.context().close();
}, 120_000);

test('Previous and First go back to the pages seen before', async () => {
  const { page } = await dash.open({ hash: '/tasks?template=tasks.Import&limit=100' });
  const one = await pageIds(page, 1);
  await page.locator('[data-testid="tasks-next"]').click();
  const two = await pageIds(page, 2);
  await page.locator('[data-testid="tasks-next"]').click();
  expect(await pageIds(page, 3)).toEqual(expected.slice(200, 300));
  await page.locator('[data-testid="tasks-prev"]').click();
  expect(await pageIds(page, 2)).toEqual(two);
  await page.locator('[data-testid="tasks-first"]').click();
  expect(await pageIds(page, 1)).toEqual(one);
  expect(one).toEqual(expected.slice(0, 100));
  expect(await page.locator('[data-testid="tasks-prev"]').isDisabled()).toBe(true);
  await page.context().close();
});

test('overdue tasks are highlighted, tasks not yet due are not', async () => {
  const { page } = await dash.open({ hash: '/tasks?template=tasks.Import&limit=50' });
  await pageIds(page, 1);
  expect(await page.locator('[data-testid="task-row"].overdue').count()).toBe(0);

  // The oldest tasks: due up to an hour ago.
  const { page: oldest } = await dash.open({
    hash: `/tasks?template=tasks.Import&limit=50&to=${encodeURIComponent(formatAppTime(Date.now() - 30 * 60_000, dash.app.timezone))}`,
  });
  await pageIds(oldest, 1);
  expect(await oldest.locator('[data-testid="task-row"]').count()).toBe(50);
  expect(await oldest.locator('[data-testid="task-row"].overdue [data-testid="task-overdue"]').count()).toBe(50);
  const background = await oldest.locator('[data-testid="task-row"].overdue td').first().evaluate(backgroundOf);
  const plain = await page.locator('[data-testid="task-row"] td').first().evaluate(backgroundOf);
  expect(background).not.toBe(plain);
  await page.context().close();
  await oldest.context().close();
});

/** An element's background colour, read in the browser (the tests are compiled without the DOM's types). */
const backgroundOf = (element: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor;
