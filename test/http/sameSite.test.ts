import * as http from 'node:http';
import { ADMIN_TOKEN, serveApp, TOKENS, type ServedApp } from './serveApp';

// A web page in a browser on the operator's machine must not drive the server: not by a DNS name
// rebound to 127.0.0.1 (a foreign Host), not by a cross-site request (Origin, Sec-Fetch-Site, a
// form's content type), not by framing the dashboard.

interface Answer {
  status: number;
  body: Record<string, unknown> | string;
  headers: http.IncomingHttpHeaders;
}

/** A request as a browser (or an attacker's page) would send it: any Host, Origin and headers. */
function send(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A connection per request: an answer given before a body is read may close its connection.
    const req = http.request(`${url}${path}`, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => {
        const json = (res.headers['content-type'] ?? '').startsWith('application/json');
        resolve({ status: res.statusCode ?? 0, body: json ? (JSON.parse(text) as Record<string, unknown>) : text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A pending task of the fixture, due tomorrow: what a forged force-end or retry would touch. */
async function pendingTask(served: ServedApp): Promise<string> {
  const svc = served.app.getElement<{ createTimerTask(...a: unknown[]): Promise<{ taskId: string }> }>('services.TaskSvc');
  const { taskId } = await svc.createTimerTask('tasks.Job', '2025-03-02 09:00:00', 'services.Billing.bill', 'tasks.NormalType', {
    amount: 1,
  });
  return taskId;
}

async function statusOf(served: ServedApp, taskId: string): Promise<string> {
  const svc = served.app.getElement<{ getTask(id: string): Promise<{ status: string }> }>('services.TaskSvc');
  return (await svc.getTask(taskId)).status;
}

async function taskCount(served: ServedApp): Promise<number> {
  const svc = served.app.getElement<{ listTasks(f: unknown): Promise<unknown[]> }>('services.TaskSvc');
  return (await svc.listTasks({ limit: 10_000 })).length;
}

describe('DNS rebinding: with no tokens (loopback clients are admin)', () => {
  let served: ServedApp;
  let port: string;
  beforeAll(async () => {
    served = await serveApp({ allowedHosts: ['jittask.internal'] });
    port = new URL(served.url).port;
  });
  afterAll(async () => {
    await served.close();
  });

  test('a request naming a foreign Host is 403 FORBIDDEN, whatever it asks: the page, a view, an action, a call', async () => {
    const taskId = await pendingTask(served);
    const host = { host: `attacker.example:${port}` };
    for (const [method, path] of [
      ['GET', '/dashboard/'],
      ['GET', '/dashboard/api/templates'],
      ['GET', '/dashboard/api/events'],
      ['GET', '/metrics'],
      ['POST', `/dashboard/api/tasks/${taskId}/forcedEnd`],
      ['POST', '/api/test/HttpApp/services/TaskSvc/listTasks'],
    ]) {
      const body = method === 'POST' ? '{}' : undefined;
      const answer = await send(served.url, path!, { method, headers: { ...host, 'content-type': 'application/json' }, body });
      expect([method, path, answer.status, (answer.body as { code?: string }).code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }
    expect(await send(served.url, '/dashboard/api/templates', { headers: host })).toMatchObject({
      body: { code: 'FORBIDDEN', errmsg: expect.stringMatching(/Host "attacker\.example:\d+".*settings\.http\.allowedHosts/) },
    });
    expect(await statusOf(served, taskId)).toBe('pending');
  });

  test('the address the server was reached at, localhost and a configured name are served; the probes answer any Host', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `jittask.internal:${port}`, 'JitTask.Internal']) {
      const answer = await send(served.url, '/dashboard/api/me', { headers: { host } });
      expect([host, answer.status]).toEqual([host, 200]);
    }
    for (const path of ['/healthz', '/readyz']) {
      expect((await send(served.url, path, { headers: { host: 'attacker.example' } })).status).toBe(200);
    }
  });
});

describe('CSRF: state-changing requests from another site', () => {
  let served: ServedApp;
  let origin: string;
  beforeAll(async () => {
    served = await serveApp();
    origin = served.url; // http://127.0.0.1:<port>: the dashboard's own origin
  });
  afterAll(async () => {
    await served.close();
  });

  test('a cross-site POST to force-end or retry (Origin or Sec-Fetch-Site of another site) is 403 and changes nothing', async () => {
    const taskId = await pendingTask(served);
    const before = await taskCount(served);
    const json = { 'content-type': 'application/json' };
    const forged: Record<string, string>[] = [
      { origin: 'http://attacker.example' },
      { origin: 'null' },
      { origin: 'http://127.0.0.1:1' }, // another server on this machine: another origin
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of forged) {
      for (const action of ['forcedEnd', 'retry']) {
        const answer = await send(served.url, `/dashboard/api/tasks/${taskId}/${action}`, {
          method: 'POST',
          headers: { ...json, ...headers },
          body: '{}',
        });
        expect([headers, action, answer.status, (answer.body as { code?: string }).code]).toEqual([headers, action, 403, 'FORBIDDEN']);
      }
    }
    const call = await send(served.url, '/api/test/HttpApp/services/TaskSvc/forcedEnd', {
      method: 'POST',
      headers: { ...json, origin: 'http://attacker.example' },
      body: JSON.stringify({ taskId }),
    });
    expect(call).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', errmsg: expect.stringMatching(/cross-site|another site/) } });
    expect(await statusOf(served, taskId)).toBe('pending');
    expect(await taskCount(served)).toBe(before);
  });

  test('an action needs a JSON content type, also without a body: a form or a bodiless POST is 415 and changes nothing', async () => {
    const taskId = await pendingTask(served);
    const before = await taskCount(served);
    const untyped: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of untyped) {
      for (const action of ['forcedEnd', 'retry']) {
        const answer = await send(served.url, `/dashboard/api/tasks/${taskId}/${action}`, { method: 'POST', headers });
        expect([headers, action, answer.status, (answer.body as { code?: string }).code]).toEqual([
          headers,
          action,
          415,
          'API_PARAMS_ERROR',
        ]);
      }
    }
    const form = await send(served.url, '/dashboard/api/templates/run', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"fullName":"tasks.Job"}',
    });
    expect(form.status).toBe(415);
    expect(await statusOf(served, taskId)).toBe('pending');
    expect(await taskCount(served)).toBe(before);
  });

  test("the dashboard's own requests (same origin, JSON) act; so do clients that send no Origin (curl)", async () => {
    const taskId = await pendingTask(served);
    const retried = await send(served.url, `/dashboard/api/tasks/${taskId}/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(retried).toMatchObject({ status: 200, body: { ok: true } });
    const ended = await send(served.url, `/dashboard/api/tasks/${taskId}/forcedEnd`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(ended).toMatchObject({ status: 200, body: { status: 'forcedEnd' } });
    const call = await send(served.url, '/api/test/HttpApp/services/Billing/status', { method: 'POST', headers: { origin } });
    expect(call.status).toBe(200);
  });
});

describe('framing and content security', () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp({ tokens: TOKENS });
  });
  afterAll(async () => {
    await served.close();
  });

  test('the page and every answer forbid framing and external resources; the page needs no inline script or style', async () => {
    const page = await send(served.url, '/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|style=/i);
    for (const path of ['/dashboard/app.js', '/dashboard/api/me', '/metrics', '/nowhere']) {
      const answer = await send(served.url, path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect([path, answer.headers['x-frame-options'], answer.headers['content-security-policy']]).toEqual([path, 'DENY', csp]);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
