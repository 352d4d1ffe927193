import type { Page } from 'playwright-core';
import { openDashboard, type OpenDashboard } from './openDashboard';
import { until } from './until';

// An operator's session on the dashboard of a running app (real scheduler, real clock, real
// Chromium): what they see, and what the buttons do to the tasks the app holds.

let dash: OpenDashboard;

beforeAll(async () => {
  dash = await openDashboard();
});

afterAll(async () => {
  await dash?.close();
});

const inADay = (): string => new Date(Date.now() + 86_400_000).toISOString();
const row = (page: Page, fullName: string) => page.locator(`[data-testid="template-row"][data-fullname="${fullName}"]`);
const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents();

test('an operator opens the dashboard and sees every template with its rule, next run and state', async () => {
  const { page, errors } = await dash.open();
  await row(page, 'tasks.NightlyReport').waitFor();

  expect(await texts(page, '[data-testid="template-row"] td[data-label="fullName"]')).toEqual([
    'tasks.Broken',
    'tasks.Cleanup',
    'tasks.Import',
    'tasks.NightlyReport',
  ]);
  const nightly = row(page, 'tasks.NightlyReport');
  expect(await nightly.locator('td[data-label="Title"]').textContent()).toBe('Nightly report');
  expect(await nightly.locator('td[data-label="Type"]').textContent()).toBe('tasks.NormalType');
  expect(await nightly.locator('td[data-label="Repeats"]').textContent()).not.toBe('');
  expect(await nightly.locator('[data-testid="template-next"]').textContent()).toMatch(/^\d{4}-\d\d-\d\d 02:00:00$/);
  expect(await nightly.locator('[data-testid="template-state"]').textContent()).toBe('enabled');
  expect(await row(page, 'tasks.Import').locator('[data-testid="template-state"]').textContent()).toBe('disabled');
  // A loopback client without tokens is an admin: the actions are there.
  expect(await page.locator('[data-testid="role"]').textContent()).toBe('admin');
  expect(await nightly.locator('[data-testid="template-pause"]').count()).toBe(1);
  expect(await page.locator('[data-testid="template-run"]').count()).toBe(4);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('run now creates a task, and the page shows it complete without a reload', async () => {
  const { page, errors } = await dash.open();
  await row(page, 'tasks.Import').waitFor();
  // A marker on the window: a reload would lose it.
  await page.evaluate('window.marker = 1');

  await row(page, 'tasks.Import').locator('[data-testid="template-run"]').click();
  const taskId = (await page.locator('[data-testid="toast-task"]').textContent())!;
  expect((await dash.svc.getTask(taskId)).fullName).toBe('tasks.Import');

  await row(page, 'tasks.Import').locator('[data-testid="template-last-status"]', { hasText: 'completed' }).waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="toast-task"]').click();
  await page.locator('[data-testid="view-task"] [data-testid="task-status"]', { hasText: 'completed' }).waitFor();
  expect(await page.locator('[data-testid="task-id"]').textContent()).toBe(taskId);
  expect(JSON.parse((await page.locator('[data-testid="task-result"]').textContent())!)).toEqual({ done: 'import' });
  expect(JSON.parse((await page.locator('[data-testid="task-argDict"]').textContent())!)).toEqual({ label: 'import' });
  expect(await page.locator('[data-testid="history-row"]').count()).toBeGreaterThan(0);
  expect(await page.evaluate('window.marker')).toBe(1);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the Tasks view shows a task created elsewhere run to completion, live', async () => {
  const { page, errors } = await dash.open({ hash: '/tasks?template=tasks.Import' });
  await page.locator('[data-testid="tasks-page"]').waitFor();
  await page.evaluate('window.marker = 1');

  const created = await dash.svc.createTimerTask('tasks.Import', new Date().toISOString(), 'services.Jobs.work', 'tasks.NormalType', {
    label: 'from code',
  });
  const line = page.locator(`[data-testid="task-row"][data-task-id="${created.taskId}"]`);
  await line.locator('[data-testid="task-status"]', { hasText: 'completed' }).waitFor({ timeout: 10_000 });
  expect(await page.evaluate('window.marker')).toBe(1);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('pausing live updates keeps the view as it is, and resuming catches up', async () => {
  const { page } = await dash.open({ hash: '/tasks?template=tasks.Import' });
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
  await page.locator('[data-testid="live-toggle"]').click();
  const before = await texts(page, '[data-testid="task-row"]');

  // A task that runs at once: its start and its end are events the paused page must hold back.
  const created = await dash.svc.createTimerTask('tasks.Import', new Date().toISOString(), 'services.Jobs.work', 'tasks.NormalType', {
    label: 'while paused',
  });
  await until('the task to complete', async () => (await dash.svc.getTask(created.taskId)).status === 'completed');
  await page.locator('[data-testid="live-state"]', { hasText: 'updates waiting' }).waitFor();
  expect(await texts(page, '[data-testid="task-row"]')).toEqual(before);

  await page.locator('[data-testid="live-toggle"]').click();
  await page
    .locator(`[data-testid="task-row"][data-task-id="${created.taskId}"] [data-testid="task-status"]`, { hasText: 'completed' })
    .waitFor();
  await page.context().close();
});

test('force-end of a pending task asks first: cancel leaves it, confirm ends it', async () => {
  const created = await dash.svc.createTimerTask('tasks.Import', inADay(), 'services.Jobs.work', 'tasks.NormalType', { label: 'tomorrow' });
  const { page, errors } = await dash.open({ hash: `/tasks/${created.taskId}` });
  const status = page.locator('[data-testid="view-task"] [data-testid="task-status"]');
  await status.filter({ hasText: 'pending' }).waitFor();
  expect(await page.locator('[data-testid="task-retry"]').isDisabled()).toBe(true);

  await page.locator('[data-testid="task-force-end"]').click();
  await page.locator('[data-testid="confirm-dialog"]').waitFor();
  expect(await page.locator('[data-testid="confirm-text"]').textContent()).toContain(created.taskId);
  await page.locator('[data-testid="confirm-cancel"]').click();
  await page.locator('[data-testid="confirm-dialog"]').waitFor({ state: 'hidden' });
  expect((await dash.svc.getTask(created.taskId)).status).toBe('pending');

  await page.locator('[data-testid="task-force-end"]').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await status.filter({ hasText: 'forcedEnd' }).waitFor();
  expect((await dash.svc.getTask(created.taskId)).status).toBe('forcedEnd');
  expect(await page.locator('[data-testid="toast"]').textContent()).toContain('it was pending');
  expect(await page.locator('[data-testid="task-force-end"]').isDisabled()).toBe(true);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a failed task shows its error and stack, and retry (confirmed) makes a new task of it', async () => {
  const failed = await dash.svc.createTimerTask('tasks.Broken', new Date().toISOString(), 'services.Jobs.fail', 'tasks.NormalType', {
    message: 'disk full',
  });
  await until('the task to fail', async () => (await dash.svc.getTask(failed.taskId)).status === 'error');
  const { page, errors } = await dash.open({ hash: `/tasks/${failed.taskId}` });
  await page.locator('[data-testid="task-error"]', { hasText: 'disk full' }).waitFor();
  expect(await page.locator('[data-testid="task-stack"]').textContent()).toContain('disk full');
  expect(await page.locator('[data-testid="task-force-end"]').isDisabled()).toBe(true);

  await page.locator('[data-testid="task-retry"]').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await page.waitForFunction(`location.hash.startsWith('#/tasks/') && !location.hash.endsWith('${failed.taskId}')`);
  const retryId = decodeURIComponent(String(await page.evaluate("location.hash.slice('#/tasks/'.length)")));
  await page.locator('[data-testid="task-id"]', { hasText: retryId }).waitFor();
  const retried = await dash.svc.getTask(retryId);
  expect({ fullName: retried.fullName, funcName: retried.funcName, argDict: retried.argDict }).toEqual({
    fullName: 'tasks.Broken',
    funcName: 'services.Jobs.fail',
    argDict: { message: 'disk full' },
  });
  expect(errors).toEqual([]);
  await page.context().close();
});

test('pause and resume a template: the state is kept by the app, across a reload', async () => {
  const paused = async (): Promise<boolean | undefined> =>
    ((await dash.svc.getTaskTmplList('tasks.Cleanup')) as unknown as { paused?: boolean }[])[0]?.paused;
  const { page, errors } = await dash.open();
  const cleanup = row(page, 'tasks.Cleanup');
  await cleanup.locator('[data-testid="template-pause"]').click();
  await cleanup.locator('[data-testid="template-state"]', { hasText: 'paused' }).waitFor();
  expect(await paused()).toBe(true);

  await page.reload();
  await cleanup.locator('[data-testid="template-state"]', { hasText: 'paused' }).waitFor();
  await cleanup.locator('[data-testid="template-resume"]').click();
  await cleanup.locator('[data-testid="template-state"]', { hasText: 'enabled' }).waitFor();
  expect(await paused()).toBe(false);
  expect(await cleanup.locator('[data-testid="template-pause"]').count()).toBe(1);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('search finds one task by the start of its id, and another by text in its argDict', async () => {
  const made = await dash.svc.createTimerTasks(
    Array.from({ length: 30 }, (_, i) => ({
      fullName: 'tasks.Import',
      startTime: inADay(),
      funcName: 'services.Jobs.work',
      taskType: 'tasks.NormalType',
      argDict: { label: `batch ${i}` },
    })),
  );
  const needle = await dash.svc.createTimerTask('tasks.Import', inADay(), 'services.Jobs.work', 'tasks.NormalType', {
    label: 'needle-4711',
  });
  const wanted = made[17]!.taskId;
  const { page, errors } = await dash.open({ hash: '/tasks' });
  const ids = (): Promise<string[]> =>
    page.locator('[data-testid="task-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id') ?? ''));
  await page.locator('[data-testid="task-row"]').first().waitFor();

  // Long enough to be unique among these tasks, shorter than the id: a prefix search.
  const prefix = wanted.slice(0, Math.max(8, wanted.length - 4));
  await page.locator('[data-testid="filter-q"]').fill(prefix);
  await page.locator('[data-testid="filter-apply"]').click();
  await until('one row', async () => ((await ids()).length === 1 ? true : undefined));
  expect(await ids()).toEqual([wanted]);

  await page.locator('[data-testid="filter-q"]').fill('needle-4711');
  await page.locator('[data-testid="filter-q"]').press('Enter');
  await until('the argDict match', async () => ((await ids())[0] === needle.taskId ? true : undefined));
  expect(await ids()).toEqual([needle.taskId]);
  expect(await page.evaluate('location.hash')).toBe('#/tasks?q=needle-4711');
  expect(errors).toEqual([]);
  await page.context().close();
});

test("a refused request shows the server's own words (errmsg of the one failure envelope), not just a status", async () => {
  const { page } = await dash.open({ hash: '/tasks/no-such-task' });
  await page.locator('[data-testid="error-text"]', { hasText: "no task 'no-such-task'" }).waitFor();
  await page.context().close();
});
