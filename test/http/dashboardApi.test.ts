import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadApp, ManualClock, type App } from 'jittask';
import { DashboardRoutes } from '../../src/http/dashboard/DashboardRoutes';
import { authenticate } from '../../src/http/authenticate';
import { HttpRouter } from '../../src/http/HttpRouter';
import { readHttpSettings } from '../../src/http/HttpSettings';
import { RequestContext } from '../../src/http/RequestContext';
import { calls } from '../fixtures/task-app/elements/services/Greeter';
import { fixtureDir } from '../fixtures/fixtureDir';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');
const ADMIN = 'admin-token-0123456789';
const VIEWER = 'viewer-token-0123456789';

let appDir: string;
let dataDir: string;
let clock: ManualClock;
let app: App;
let routes: DashboardRoutes;
let server: http.Server;
let base: string;

/**
 * A plain node:http server with a router of its own that authenticates as the HTTP server does and
 * serves the dashboard's routes (createHttpHandler registers the same routes on its router).
 */
async function serve(): Promise<void> {
  const tokens = readHttpSettings(app.settings.http).tokens;
  const router = new HttpRouter();
  routes.register(router);
  server = http.createServer((req, res) => {
    const ctx = new RequestContext(req, res, 1024 * 1024);
    void router.handle(ctx, () => {
      ctx.role = authenticate(req, tokens);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard/`;
}

beforeEach(async () => {
  calls.length = 0;
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-dash-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-dash-data-'));
  fs.writeFileSync(
    path.join(appDir, 'app.yaml'),
    stringify({
      appId: 'test.Dashboard',
      title: 'Dashboard test app',
      extends: [fixtureDir('task-app')],
      settings: {
        scheduler: { pollInterval: 1, leaseSeconds: 300, shutdownGraceSeconds: 5 },
        http: {
          tokens: [
            { name: 'ops', token: ADMIN, role: 'admin' },
            { name: 'wall', token: VIEWER, role: 'viewer' },
          ],
        },
      },
    }),
  );
  const write = (name: string, define: Record<string, unknown>): void => {
    fs.mkdirSync(path.join(appDir, 'elements', 'tasks', name), { recursive: true });
    fs.writeFileSync(path.join(appDir, 'elements', 'tasks', name, 'e.yaml'), stringify(define));
  };
  write('Daily', { enable: false });
  write('Fortnightly', {
    title: 'Every other week',
    type: 'tasks.NormalType',
    funcType: 'Global',
    func: 'services.Greeter.hello',
    argDict: { name: 'fortnight' },
    timerCfg: { startTime: '2025-01-06 09:00:00', repeat: { repeatType: 'week', period: 2, weekday: [1, 3] } },
  });
  write('Minutely', {
    title: 'Every minute',
    type: 'tasks.NormalType',
    funcType: 'Global',
    func: 'services.Greeter.hello',
    argDict: { name: 'minute' },
    timerCfg: { startTime: '2025-01-01 00:00:00', repeat: { repeatType: 'minute', period: 1 } },
  });
  clock = new ManualClock(START);
  app = await loadApp(appDir, { clock, dataDir, start: true });
  routes = new DashboardRoutes(app);
  await serve();
});

afterEach(async () => {
  routes.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const closing = app.close();
  await clock.advance(5000);
  await closing;
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** An answer of the dashboard: its JSON read loosely, as a page reads it (the tests check its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; type: string | null };

/** A request to the dashboard (`route` relative to `/dashboard/`), JSON body and answer. */
async function request(route: string, init: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
  const token = init.token === undefined ? ADMIN : init.token;
  const res = await fetch(new URL(route, base), {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, body: type?.startsWith('application/json') ? JSON.parse(text) : text, type };
}

const greetings = (): unknown[] => calls.filter((c) => c.fn === 'hello').map((c) => c.args[0]);

describe('who may do what', () => {
  test('without a token the API answers 401 UNAUTHORIZED; the page itself is served, so it can ask for one', async () => {
    expect(await request('api/templates', { token: null })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await request('api/me', { token: null })).toMatchObject({ status: 401 });
    expect(await request('', { token: null })).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
  });

  test('a viewer reads every view and is refused every action with 403; an admin may act', async () => {
    expect(await request('api/me', { token: VIEWER })).toEqual({ status: 200, body: { role: 'viewer' }, type: expect.any(String) });
    expect(await request('api/me')).toMatchObject({ body: { role: 'admin' } });
    for (const view of ['api/templates', 'api/tasks', 'api/workers', 'api/charts'])
      expect([view, (await request(view, { token: VIEWER })).status]).toEqual([view, 200]);
    const [task] = (await request('api/tasks?template=tasks.Minutely')).body.tasks;
    for (const action of [
      'api/templates/pause',
      'api/templates/resume',
      'api/templates/run',
      `api/tasks/${task.taskId}/forcedEnd`,
      `api/tasks/${task.taskId}/retry`,
    ]) {
      expect([action, await request(action, { token: VIEWER, body: { fullName: 'tasks.Minutely' } })]).toMatchObject([
        action,
        { status: 403, body: { code: 'FORBIDDEN' } },
      ]);
    }
    expect((await request('api/tasks?template=tasks.Minutely')).body.tasks).toHaveLength(1); // nothing was done
    expect(await request('api/templates/pause', { body: { fullName: 'tasks.Minutely' } })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
  });
});

describe("the page's files", () => {
  test('are served with their content types, and nothing outside their folder is', async () => {
    expect(await request('app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await request('style.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    for (const sneaky of [
      '../DashboardRoutes.ts',
      '%2e%2e/DashboardRoutes.ts',
      '..%2fDashboardRoutes.ts',
      '%2e%2e%2f%2e%2e%2fpackage.json',
      'nothing.js',
    ]) {
      const res = await fetch(`${base}${sneaky}`);
      expect([sneaky, res.status]).toEqual([sneaky, 404]);
    }
    const root = await fetch(base.replace(/\/$/, ''), { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([301, '/dashboard/']);
  });
});

describe('templates', () => {
  test('are listed with the rule in words, the next and the last run, and their state', async () => {
    const { body } = await request('api/templates');
    const byName = Object.fromEntries((body as { fullName: string }[]).map((t) => [t.fullName, t]));
    expect(byName['tasks.Fortnightly']).toEqual({
      title: 'Every other week',
      fullName: 'tasks.Fortnightly',
      type: 'tasks.NormalType',
      repeatType: 'week',
      repeatText: 'every 2 weeks on Mon, Wed at 09:00',
      enabled: true,
      paused: false,
      nextRun: '2025-03-03 09:00:00',
      lastRun: null,
    });
    expect(byName['tasks.Minutely']).toMatchObject({ repeatText: 'every minute', nextRun: '2025-03-01 08:01:00', lastRun: null });
    expect(byName['tasks.Inner']).toMatchObject({ enabled: false, repeatText: 'once at 2025-01-01 00:00' });

    await clock.advance(60_000);
    const after = (await request('api/templates')).body.find((t: { fullName: string }) => t.fullName === 'tasks.Minutely');
    expect(after).toMatchObject({ nextRun: '2025-03-01 08:02:00', lastRun: { status: 'completed', endedAt: '2025-03-01 08:01:00' } });
  });

  test('a template paused from the dashboard runs nothing until it is resumed; run now runs it once at once', async () => {
    expect(await request('api/templates/pause', { body: { fullName: 'tasks.Minutely' } })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    await clock.advance(3 * 60_000);
    expect(greetings()).toEqual([]);
    const row = (await request('api/templates')).body.find((t: { fullName: string }) => t.fullName === 'tasks.Minutely');
    expect(row).toMatchObject({ paused: true, nextRun: '2025-03-01 08:01:00' });
    const overdue = (await request('api/tasks?template=tasks.Minutely&status=pending')).body.tasks;
    expect(overdue).toMatchObject([{ overdue: true }]);

    await request('api/templates/resume', { body: { fullName: 'tasks.Minutely' } });
    await clock.advance(0);
    expect(greetings()).toEqual(['minute']);

    const run = await request('api/templates/run', { body: { fullName: 'tasks.Fortnightly' } });
    expect(run).toMatchObject({ status: 200, body: { ok: true, taskId: expect.any(String) } });
    await clock.advance(0);
    expect(greetings()).toEqual(['minute', 'fortnight']);
    expect((await request(`api/tasks/${run.body.taskId}`)).body).toMatchObject({
      fullName: 'tasks.Fortnightly',
      status: 'completed',
      argDict: { name: 'fortnight' },
    });
  });

  test('an unknown template is 404, a body without fullName 400', async () => {
    expect(await request('api/templates/pause', { body: { fullName: 'tasks.Nope' } })).toMatchObject({
      status: 404,
      body: { code: 'ELEMENT_NOT_FOUND' },
    });
    expect(await request('api/templates/run', { body: {} })).toMatchObject({ status: 400, body: { code: 'API_PARAMS_ERROR' } });
  });
});

describe('tasks', () => {
  test('10,000 tasks are paged through by cursor, newest due first, each once; filters and search narrow them', async () => {
    const svc = app.getElement<{ createTimerTasks(tasks: unknown[]): Promise<{ taskId: string }[]> }>('services.TaskSvc');
    const created = await svc.createTimerTasks(
      Array.from({ length: 10_000 }, (_, i) => ({
        fullName: 'tasks.Inner',
        startTime: new Date(START + 3_600_000 + Math.floor(i / 3) * 1000).toISOString(),
        funcName: 'customFunc',
        taskType: 'tasks.NormalType',
        argDict: { n: i },
      })),
    );
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: { status: number; body: { tasks: { taskId: string }[]; nextCursor: string | null } } = await request(
        `api/tasks?template=tasks.Inner&limit=200&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.tasks.map((t) => t.taskId));
      cursor = page.body.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(50);
    expect(new Set(seen).size).toBe(10_000);
    expect([...seen].sort()).toEqual(created.map((t) => t.taskId).sort());
    expect((await request('api/tasks')).body.tasks).toHaveLength(50);

    const one = created[1234]!.taskId;
    expect((await request(`api/tasks?q=${one.slice(0, 30)}`)).body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([one]);
    expect((await request('api/tasks?q=%22n%22%3A9999%7D')).body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([
      created[9999]!.taskId,
    ]);
    expect((await request('api/tasks?template=tasks.Minutely&status=pending')).body.tasks).toHaveLength(1);
    expect(await request('api/tasks?limit=201')).toMatchObject({ status: 400, body: { code: 'API_PARAMS_ERROR' } });
    expect(await request('api/tasks?cursor=garbage')).toMatchObject({ status: 400, body: { code: 'API_PARAMS_ERROR' } });
  });

  test("a task's detail has its history; force-end ends a pending one; retry makes a new one with the same arguments, due now", async () => {
    await clock.advance(60_000); // the first minute's occurrence runs
    const [done] = (await request('api/tasks?template=tasks.Minutely&status=completed')).body.tasks;
    const detail = await request(`api/tasks/${done.taskId}`);
    expect(detail.body).toMatchObject({
      taskId: done.taskId,
      status: 'completed',
      history: [{ event: 'started' }, { event: 'completed' }],
    });
    expect(await request('api/tasks/no-such-task')).toMatchObject({ status: 404, body: { code: 'TASK_NOT_FOUND' } });

    const retried = await request(`api/tasks/${done.taskId}/retry`, { body: {} });
    expect(retried).toMatchObject({ status: 200, body: { ok: true, taskId: expect.any(String) } });
    expect((await request(`api/tasks/${retried.body.taskId}`)).body).toMatchObject({
      fullName: 'tasks.Minutely',
      funcName: 'services.Greeter.hello',
      argDict: { name: 'minute' },
      startTime: '2025-03-01 08:01:00',
    });

    const [next] = (await request('api/tasks?template=tasks.Minutely&status=pending')).body.tasks.filter(
      (t: { taskId: string }) => t.taskId !== retried.body.taskId,
    );
    expect(await request(`api/tasks/${next.taskId}/forcedEnd`, { body: {} })).toMatchObject({
      status: 200,
      body: { status: 'forcedEnd', previousStatus: 'pending' },
    });
    expect(await request(`api/tasks/${done.taskId}/forcedEnd`, { body: {} })).toMatchObject({
      status: 409,
      body: { code: 'TASK_ALREADY_FINISHED' },
    });
  });
});

test('workers lists this process; charts count the runs and failures per minute with their lateness', async () => {
  const svc = app.getElement<{ createTimerTask(...args: unknown[]): Promise<unknown> }>('services.TaskSvc');
  await svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:10', 'services.Greeter.fail', 'tasks.NormalType', { message: 'no' });
  await clock.advance(61_000);
  expect((await request('api/workers')).body).toMatchObject([{ self: true, pid: process.pid }]);
  const { body } = await request('api/charts?hours=1');
  expect(body).toEqual({
    minutes: [
      { minute: '2025-03-01 08:00', runs: 1, failures: 1, latenessMsP95: 0 },
      { minute: '2025-03-01 08:01', runs: 1, failures: 0, latenessMsP95: 0 },
    ],
  });
  expect(await request('api/charts?hours=0')).toMatchObject({ status: 400 });
});

test("the event stream, opened with ?token=, delivers a task's start and end, and a pause; it ends on close()", async () => {
  const events: string[] = [];
  let closed = false;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(`${base}api/events?token=${VIEWER}`, resolve).on('error', reject);
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => events.push(chunk));
  res.on('end', () => {
    closed = true;
  });
  const until = async (pattern: RegExp): Promise<void> => {
    for (let i = 0; i < 200 && !pattern.test(events.join('')); i++) await new Promise((r) => setImmediate(r));
    expect(events.join('')).toMatch(pattern);
  };
  await until(/: connected/);

  await clock.advance(60_000);
  await until(/event: task\ndata: \{"taskId":"[^"]+","fullName":"tasks.Minutely","status":"completed"\}/);
  await request('api/templates/pause', { body: { fullName: 'tasks.Minutely' } });
  await until(/event: templates\ndata: \{"paused":\["tasks.Minutely"\]\}/);
  await clock.advance(15_000);
  await until(/: heartbeat/);

  expect(await request('api/events', { token: null })).toMatchObject({ status: 401 });
  routes.close();
  await until(/heartbeat/);
  for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setImmediate(r));
  expect(closed).toBe(true);
});
