import type { Page } from 'playwright-core';
import { openDashboard, type OpenDashboard } from './openDashboard';
import { until } from './until';

// Every view, light and dark, on a laptop and on a phone: each is drawn from the app's data, the
// colours follow the system's scheme, nothing is wider than a phone's screen. Screenshots of each
// are left in test-results/screenshots/.

let dash: OpenDashboard;
let failedId: string;

beforeAll(async () => {
  dash = await openDashboard();
  const now = new Date().toISOString();
  const done = await dash.svc.createTimerTasks(
    [1, 2, 3].map((n) => ({
      fullName: 'tasks.Import',
      startTime: now,
      funcName: 'services.Jobs.work',
      taskType: 'tasks.NormalType',
      argDict: { label: `run ${n}` },
    })),
  );
  failedId = (
    await dash.svc.createTimerTask('tasks.Broken', now, 'services.Jobs.fail', 'tasks.NormalType', { message: 'the ledger is unreachable' })
  ).taskId;
  await dash.svc.createTimerTask('tasks.Import', new Date(Date.now() + 3_600_000).toISOString(), 'services.Jobs.work', 'tasks.NormalType', {
    label: 'later',
  });
  const ids = [...done.map((t) => t.taskId), failedId];
  await until('the runs to end', async () => {
    for (const id of ids) if (['pending', 'running'].includes((await dash.svc.getTask(id)).status)) return false;
    return true;
  });
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

/** Each view, with what shows that it has drawn its data. */
const VIEWS: [string, () => string, string][] = [
  ['templates', () => '/templates', '[data-testid="template-row"]'],
  ['tasks', () => '/tasks', '[data-testid="task-row"]'],
  ['task', () => `/tasks/${failedId}`, '[data-testid="history-row"]'],
  ['charts', () => '/charts', '[data-testid="chart-runs"] svg'],
  ['workers', () => '/workers', '[data-testid="worker-row"]'],
];

/** The page's background colour as [r, g, b]. */
async function background(page: Page): Promise<number[]> {
  const colour = String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
  return (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
}

describe.each(['light', 'dark'] as const)('the %s scheme', (colorScheme) => {
  test.each(VIEWS)('the %s view, on a laptop and on a phone', async (name, hash, drawn) => {
    for (const phone of [false, true]) {
      const { page, errors } = await dash.open({ colorScheme, phone, hash: hash() });
      await page.locator(drawn).first().waitFor();
      await page.waitForFunction("document.body.dataset.ready === 'true'");
      const [r, g, b] = await background(page);
      const brightness = (r! + g! + b!) / 3;
      if (colorScheme === 'dark') expect(brightness).toBeLessThan(60);
      else expect(brightness).toBeGreaterThan(200);
      // Nothing pushes the page sideways: a phone user scrolls down only.
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow).toBeLessThanOrEqual(0);
      await dash.screenshot(page, `${name}-${colorScheme}${phone ? '-phone' : ''}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

test('the charts count the runs and the failures of the last hours', async () => {
  const { page } = await dash.open({ hash: '/charts' });
  await page.locator('[data-testid="chart-runs"] svg').waitFor();
  const runs = await page.locator('[data-testid="chart-runs-summary"]').textContent();
  const failures = await page.locator('[data-testid="chart-failures-summary"]').textContent();
  expect(Number(runs!.split(' ')[0])).toBeGreaterThanOrEqual(4);
  expect(Number(failures!.split(' ')[0])).toBeGreaterThanOrEqual(1);
  expect(await page.locator('[data-testid="chart-runs"] rect.bar').count()).toBeGreaterThan(0);
  await page.context().close();
});

test('the workers view lists this process, marked as the one answering', async () => {
  const { page } = await dash.open({ hash: '/workers' });
  const worker = page.locator('[data-testid="worker-row"]').first();
  await worker.waitFor();
  expect(await worker.textContent()).toContain('this server');
  expect(await worker.locator('td[data-label="pid"]').textContent()).toBe(String(process.pid));
  await page.context().close();
});
