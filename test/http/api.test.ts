import * as http from 'node:http';
import { callLog } from '../fixtures/callLog';
import { ADMIN_TOKEN, serveApp, TOKENS, VIEWER_TOKEN, type ServedApp } from './serveApp';

/** A raw request, for what fetch will not send (a body larger than it claims, no content type). */
function rawPost(
  url: string,
  path: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('calling declared functions over HTTP (no tokens, a loopback client)', () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp();
  });
  afterAll(async () => {
    await served.close();
  });
  beforeEach(() => {
    callLog.length = 0;
  });

  test('a declared function answers in the JitAi envelope, its arguments converted by dataType', async () => {
    const res = await served.call('services/Billing/invoice', { customerId: '42', dueDate: '2025-03-31' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errcode: 0,
      errmsg: '',
      data: { customerId: 42, dueDate: '2025-03-31', note: null, lines: [] },
      requestId: expect.any(String),
      duration: expect.any(Number),
    });
    expect(res.headers.get('x-request-id')).toBe(res.body.requestId);
  });

  test('a Type that wraps callFunction sees the HTTP call, TaskSvc included', async () => {
    await served.call('services/Billing/invoice', { customerId: 7 });
    await served.call('services/TaskSvc/getTaskTmplList', { queryStr: 'Job' });
    expect(callLog).toEqual([
      'audit services.Billing.invoice {"customerId":7}',
      'audit services.TaskSvc.getTaskTmplList {"queryStr":"Job"}',
    ]);
  });

  test("the caller's X-Request-Id is echoed in the header and the body", async () => {
    const res = await served.call('services/Billing/status', {}, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(res.body.requestId).toBe('req-abc-123');
  });

  test.each([
    ['an undeclared argument', { customerId: 1, extra: true }, /undeclared argument 'extra'/],
    ['a missing required argument', {}, /customerId/],
    ['a value of the wrong data type', { customerId: 'forty-two' }, /integer/],
    ['an Stext longer than its maxLength', { customerId: 1, note: 'x'.repeat(21) }, /at most 20 characters/],
  ])('%s is 400 API_PARAMS_ERROR, and the function is not called', async (_, body, message) => {
    const res = await served.call('services/Billing/invoice', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errcode: expect.any(Number),
      errmsg: expect.stringMatching(message),
      code: 'API_PARAMS_ERROR',
      requestId: expect.any(String),
    });
    expect(res.body.errcode).not.toBe(0);
  });

  test.each([
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"customerId"'],
    ['null', 'null'],
    ['text that is not JSON', '{customerId: 1'],
  ])('a body that is %s is 400', async (_, body) => {
    const res = await served.call('services/Billing/invoice', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('API_PARAMS_ERROR');
  });

  test('an empty body is a call without arguments', async () => {
    const res = await rawPost(served.url, '/api/test/HttpApp/services/Billing/status', '', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ errcode: 0, data: 'up' });
  });

  test('a body that is not declared JSON is 415', async () => {
    const res = await rawPost(served.url, '/api/test/HttpApp/services/Billing/invoice', 'customerId=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'API_PARAMS_ERROR' });
  });

  test.each([
    ['an unknown element', 'services/Biling/invoice', 'ELEMENT_NOT_FOUND', /did you mean services\.Billing/],
    ['a private element', 'services/Hidden/ping', 'ELEMENT_NOT_FOUND', /Hidden/],
    ['a Type, not an Instance', 'services/AuditedType/callFunction', 'ELEMENT_NOT_FOUND', /not a public service Instance/],
    ['a task template (not a service)', 'tasks/Job/run', 'ELEMENT_NOT_FOUND', /not a public service Instance/],
    ['an undeclared method', 'services/Billing/secret', 'FUNCTION_NOT_FOUND', /no declared function 'secret'/],
    ['another app', '../../other/App/services/Billing/invoice', 'ELEMENT_NOT_FOUND', /other\.App/],
  ])('%s is 404 %s', async (_, route, code, message) => {
    const res = await served.call(route, {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code, errmsg: expect.stringMatching(message) });
  });

  test('TASK_NOT_FOUND is 404, TASK_ALREADY_FINISHED is 409', async () => {
    const missing = await served.call('services/TaskSvc/getTask', { taskId: 'nope' });
    expect(missing).toMatchObject({ status: 404, body: { code: 'TASK_NOT_FOUND' } });
    const created = await served.call('services/TaskSvc/createTimerTask', {
      fullName: 'tasks.Job',
      startTime: '2025-03-01 09:00:00',
      funcName: 'services.Billing.bill',
      taskType: 'tasks.NormalType',
      argDict: { amount: 3 },
    });
    expect(created.status).toBe(200);
    const taskId = (created.body.data as { taskId: string }).taskId;
    expect((await served.call('services/TaskSvc/forcedEnd', { taskId })).status).toBe(200);
    const again = await served.call('services/TaskSvc/forcedEnd', { taskId });
    expect(again.status).toBe(200); // force-ending twice answers the first end (SPEC §7.4)
    await served.clock.advance(3600_000);
    const done = await served.call('services/TaskSvc/createTimerTask', {
      fullName: 'tasks.Job',
      startTime: '2025-03-01 09:00:01',
      funcName: 'services.Billing.bill',
      taskType: 'tasks.NormalType',
      argDict: { amount: 3 },
    });
    const doneId = (done.body.data as { taskId: string }).taskId;
    await served.clock.advance(2000);
    expect((await served.call('services/TaskSvc/getTask', { taskId: doneId })).body.data).toMatchObject({ status: 'completed' });
    const finished = await served.call('services/TaskSvc/forcedEnd', { taskId: doneId });
    expect(finished).toMatchObject({ status: 409, body: { code: 'TASK_ALREADY_FINISHED' } });
  });

  test('a function that throws is 500 with its message and never its stack', async () => {
    const res = await served.call('services/Billing/crash', {});
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errcode: 500, errmsg: 'ledger unreachable', code: 'INTERNAL_ERROR', requestId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|Billing\/index/);
  });

  test('GET on a function is 405; an unknown path is 404 ROUTE_NOT_FOUND', async () => {
    const get = await fetch(`${served.url}/api/test/HttpApp/services/Billing/status`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${served.url}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  test('the root redirects to the dashboard', async () => {
    const res = await fetch(`${served.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/');
  });

  test('every answer carries a request id, even a refusal before any route', async () => {
    const res = await fetch(`${served.url}/nowhere`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the body limit', () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp({ bodyLimit: 1024 });
  });
  afterAll(async () => {
    await served.close();
  });

  test('a body over the limit is 413, whether it says so in Content-Length or not', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => i);
    const declared = await served.call('services/Billing/invoice', { customerId: 1, lines });
    expect(declared).toMatchObject({ status: 413, body: { code: 'API_PARAMS_ERROR', errmsg: expect.stringMatching(/1024 bytes/) } });
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${served.url}/api/test/HttpApp/services/Billing/invoice`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"customerId": 1, "lines": [');
      req.write('1,'.repeat(600));
      req.end('1]}');
    });
    expect(chunked).toBe(413);
    const small = await served.call('services/Billing/invoice', { customerId: 1, lines: [1, 2] });
    expect(small.status).toBe(200);
  });
});

describe('tokens and roles', () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp({ tokens: TOKENS });
  });
  afterAll(async () => {
    await served.close();
  });

  test('no token is 401, a bad token is 401, even from a loopback client', async () => {
    const none = await served.call('services/Billing/invoice', { customerId: 1 });
    expect(none).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const bad = await served.call('services/Billing/invoice', { customerId: 1 }, { token: 'not-a-token' });
    expect(bad).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
  });

  test('an admin token calls everything', async () => {
    expect((await served.call('services/Billing/invoice', { customerId: 1 }, { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await served.call('services/TaskSvc/listTasks', {}, { token: ADMIN_TOKEN })).status).toBe(200);
  });

  test("a viewer token calls TaskSvc's read functions only: anything else is 403", async () => {
    for (const [fn, body] of [
      ['getTaskTmplList', { queryStr: '' }],
      ['listTasks', {}],
      ['listWorkers', {}],
    ] as const) {
      expect((await served.call(`services/TaskSvc/${fn}`, body, { token: VIEWER_TOKEN })).status).toBe(200);
    }
    expect((await served.call('services/TaskSvc/getTask', { taskId: 'x' }, { token: VIEWER_TOKEN })).status).toBe(404);
    const create = await served.call(
      'services/TaskSvc/createTimerTask',
      {
        fullName: 'tasks.Job',
        startTime: '2025-03-01 09:00:00',
        funcName: 'services.Billing.bill',
        taskType: 'tasks.NormalType',
      },
      { token: VIEWER_TOKEN },
    );
    expect(create).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await served.call('services/TaskSvc/forcedEnd', { taskId: 'x' }, { token: VIEWER_TOKEN })).status).toBe(403);
    expect((await served.call('services/Billing/invoice', { customerId: 1 }, { token: VIEWER_TOKEN })).status).toBe(403);
    expect(await served.call('services/TaskSvc/listTasks', {}, { token: VIEWER_TOKEN })).toMatchObject({ status: 200, body: { data: [] } });
  });

  test('a function declared loginRequired: false (or 0, as JitAi writes it) needs no token', async () => {
    expect(await served.call('services/Billing/status', {})).toMatchObject({ status: 200, body: { data: 'up' } });
    expect(await served.call('services/Billing/version', {})).toMatchObject({ status: 200, body: { data: '1.0' } });
  });

  test('a token is compared whole: a prefix of a real one is refused', async () => {
    expect((await served.call('services/Billing/invoice', { customerId: 1 }, { token: ADMIN_TOKEN.slice(0, -1) })).status).toBe(401);
  });
});

describe('a closed app', () => {
  test('a call after app.close() is 503 APP_CLOSED', async () => {
    const served = await serveApp();
    const closing = served.app.close();
    await served.clock.advance(10_000);
    await closing;
    const res = await served.call('services/Billing/invoice', { customerId: 1 });
    expect(res).toMatchObject({ status: 503, body: { code: 'APP_CLOSED' } });
    await served.close();
  });
});
