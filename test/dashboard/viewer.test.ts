import { openDashboard, type OpenDashboard } from './openDashboard';

// A server with tokens (test/fixtures/dashboard-app/with-tokens): the page asks for one, keeps it
// for the browser session, and a viewer's page offers no actions.
const ADMIN = { token: 'admin-secret-token-1' };
const VIEWER = { token: 'viewer-secret-token-1' };

let dash: OpenDashboard;

beforeAll(async () => {
  dash = await openDashboard({ variant: 'with-tokens' });
});

afterAll(async () => {
  await dash?.close();
});

test('without a token the page asks for one, refuses a wrong one, and keeps a good one for the session', async () => {
  const { page, errors } = await dash.open();
  const dialog = page.locator('[data-testid="token-dialog"]');
  await dialog.waitFor();
  await page.locator('[data-testid="token-input"]').fill('not-a-token');
  await page.locator('[data-testid="token-submit"]').click();
  await page.locator('[data-testid="token-problem"]', { hasText: 'refused' }).waitFor();

  await page.locator('[data-testid="token-input"]').fill(VIEWER.token);
  await page.locator('[data-testid="token-submit"]').click();
  await page.locator('[data-testid="template-row"]').first().waitFor();
  expect(await dialog.isVisible()).toBe(false);
  expect(await page.evaluate("sessionStorage.getItem('jittask.dashboard.token')")).toBe(VIEWER.token);

  await page.reload();
  await page.locator('[data-testid="template-row"]').first().waitFor();
  expect(await dialog.isVisible()).toBe(false);
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
  expect(errors).toEqual([]);
  await page.context().close();
});

test("a viewer token's page is read-only: no pause, resume, run, force-end or retry", async () => {
  const pending = await dash.svc.createTimerTask(
    'tasks.Import',
    new Date(Date.now() + 86_400_000).toISOString(),
    'services.Jobs.work',
    'tasks.NormalType',
    { label: 'x' },
  );
  const { page, errors } = await dash.open({ token: VIEWER.token });
  await page.locator('[data-testid="template-row"]').first().waitFor();
  expect(await page.locator('[data-testid="role"]').textContent()).toBe('viewer');
  expect(await page.locator('[data-testid="template-row"]').count()).toBe(4);
  expect(await page.locator('[data-testid="template-run"], [data-testid="template-pause"], [data-testid="template-resume"]').count()).toBe(
    0,
  );

  await page.evaluate(`location.hash = '#/tasks/${pending.taskId}'`);
  await page.locator('[data-testid="view-task"] [data-testid="task-status"]', { hasText: 'pending' }).waitFor();
  expect(await page.locator('[data-testid="task-force-end"]').isVisible()).toBe(false);
  expect(await page.locator('[data-testid="task-retry"]').isVisible()).toBe(false);
  expect(errors).toEqual([]);
  await page.context().close();
});

test("an admin token's page has the actions", async () => {
  const { page } = await dash.open({ token: ADMIN.token });
  await page.locator('[data-testid="template-row"]').first().waitFor();
  expect(await page.locator('[data-testid="role"]').textContent()).toBe('admin');
  expect(await page.locator('[data-testid="template-run"]').count()).toBe(4);
  await page.context().close();
});
