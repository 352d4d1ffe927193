import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, openDashboard, type OpenDashboard } from './openDashboard';
import { until } from './until';

// A real browser on the operator's machine, the dashboard served without tokens (loopback clients
// are admin), and a hostile site open in another tab. Chromium resolves attacker.example to
// 127.0.0.1, as a DNS rebinding attack makes it do.

let dash: OpenDashboard;
let browser: Browser;
let attacker: http.Server;
/** The port of the dashboard's server. */
let port: number;
/** What the attacker's server serves at `/`: set by each test. */
let attackPage = '';

beforeAll(async () => {
  dash = await openDashboard({ start: false });
  port = Number(new URL(dash.url).port);
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(attackPage);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP attacker.example 127.0.0.1'],
  });
});

afterAll(async () => {
  await browser?.close();
  attacker?.closeAllConnections();
  await new Promise((resolve) => attacker?.close(resolve));
  await dash?.close();
});

const attackerUrl = (): string => `http://attacker.example:${(attacker.address() as AddressInfo).port}/`;

test('the dashboard loads and acts under its content security policy: no violation, no console error', async () => {
  const { page, errors } = await dash.open();
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.evaluate(
    `document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))`,
  );
  const row = page.locator('[data-testid="template-row"][data-fullname="tasks.NightlyReport"]');
  await row.waitFor();
  await row.locator('[data-testid="template-pause"]').click();
  await row.locator('[data-testid="template-state"]', { hasText: 'paused' }).waitFor();
  for (const view of ['tasks', 'charts', 'workers', 'templates']) {
    await page.locator(`[data-testid="nav-${view}"]`).click();
    await page.locator(`[data-testid="view-${view}"]`).waitFor();
  }
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  await row.locator('[data-testid="template-resume"]').click();
  await row.locator('[data-testid="template-state"]', { hasText: 'enabled' }).waitFor();
  await page.context().close();
});

test('a page of another site cannot frame the dashboard', async () => {
  attackPage = `<!doctype html><title>framing</title>
<iframe src="${dash.url}" width="800" height="600"></iframe>
<script>document.querySelector('iframe').addEventListener('load', () => { document.title = 'loaded'; });</script>`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on('console', (m) => refusals.push(m.text()));
  await page.goto(attackerUrl());
  await until('the frame has loaded (or been refused)', async () => (await page.title()) === 'loaded');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame).toBeDefined();
  expect(await frame!.locator('[data-testid="nav"]').count()).toBe(0);
  expect(refusals.join('\n')).toMatch(/frame-ancestors 'none'|X-Frame-Options/);
  await context.close();
});

test('DNS rebinding: the dashboard reached as attacker.example answers 403, to the page and to its scripts', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const answer = await page.goto(`http://attacker.example:${port}/dashboard/`);
  expect(answer?.status()).toBe(403);
  expect(await page.textContent('body')).toMatch(/FORBIDDEN/);
  const read = await page.evaluate(async () => {
    const res = await fetch('/dashboard/api/templates');
    return { status: res.status, body: await res.text() };
  });
  expect(read.status).toBe(403);
  expect(read.body).not.toMatch(/NightlyReport/);
  await context.close();
});

test("CSRF: another site's page posting to force-end and retry (fetch without CORS, a form) changes nothing", async () => {
  const { taskId } = await dash.svc.createTimerTask(
    'tasks.Import',
    new Date(Date.now() + 86_400_000).toISOString(),
    'services.Jobs.work',
    'tasks.NormalType',
    { label: 'target' },
  );
  const before = (await dash.svc.listTasks({ limit: 1000 })).length;
  const base = `http://127.0.0.1:${port}/dashboard/api/tasks/${taskId}`;
  attackPage = `<!doctype html><title>attack</title>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="${base}/forcedEnd" enctype="text/plain" target="sink"><input name='{"x":"' value='"}'></form>
<script>
  (async () => {
    const tries = [];
    for (const action of ['forcedEnd', 'retry']) {
      tries.push(fetch('${base}/' + action, { method: 'POST', mode: 'no-cors' }).catch(() => null));
      tries.push(fetch('${base}/' + action, { method: 'POST', mode: 'no-cors', body: '{}', headers: { 'Content-Type': 'text/plain' } }).catch(() => null));
      tries.push(fetch('${base}/' + action, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }).catch(() => null));
    }
    await Promise.all(tries);
    document.getElementById('form').submit();
    document.querySelector('iframe').addEventListener('load', () => { document.title = 'done'; });
  })();
</script>`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(attackerUrl());
  await until('the attack page is done', async () => (await page.title()) === 'done');
  expect((await dash.svc.getTask(taskId)).status).toBe('pending');
  expect((await dash.svc.listTasks({ limit: 1000 })).length).toBe(before);
  await context.close();
});
