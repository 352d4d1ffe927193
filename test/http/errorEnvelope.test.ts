import { ERROR_CODES, Logger, type ErrorCode } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { ADMIN_TOKEN, serveApp, TOKENS, type ServedApp } from './serveApp';

/**
 * The status each code answers with (the HTTP API's failure statuses). A record of every code: a
 * new code fails to compile here until its status is chosen.
 */
const STATUS: Record<ErrorCode, number> = {
  API_PARAMS_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ELEMENT_NOT_FOUND: 404,
  FUNCTION_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  TASK_ALREADY_FINISHED: 409,
  APP_CLOSED: 503,
  CONFIG_INVALID: 500,
  TYPE_CHAIN_INVALID: 500,
  OVERRIDE_FORBIDDEN: 500,
  DUPLICATE_ELEMENT: 500,
  APP_CYCLE: 500,
  MODULE_INVALID: 500,
  DATABASE_ERROR: 500,
  SCHEMA_CONFLICT: 500,
  INTERNAL_ERROR: 500,
};

let served: ServedApp;
const logged: string[] = [];

beforeAll(async () => {
  // In this app a call of TaskSvc with the task id `fail:<CODE>` throws a JitError of that code.
  served = await serveApp({
    dir: fixtureDir('failing-normal-type'),
    tokens: TOKENS,
    logger: new Logger({ sink: { write: (_level, line) => logged.push(line) } }),
  });
});

afterAll(async () => {
  await served.close();
});

/** The answer to `init` at `path`, as the admin, with the request id `id`. */
async function ask(path: string, id: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${served.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': id, 'content-type': 'application/json' },
  });
  return { status: res.status, body: await res.json() };
}

test.each(ERROR_CODES.map((code) => [code, STATUS[code]] as const))(
  'a %s thrown under a JitAi API route and under a dashboard route is answered %i in the one envelope, without a stack',
  async (code, status) => {
    const id = `envelope-${code}`;
    const envelope = { errcode: status, errmsg: `made to fail with ${code}`, code, requestId: id };
    const viaApi = await ask('/api/test/FailingApp/services/TaskSvc/getTask', id, {
      method: 'POST',
      body: JSON.stringify({ taskId: `fail:${code}` }),
    });
    const viaDashboard = await ask(`/dashboard/api/tasks/${encodeURIComponent(`fail:${code}`)}`, id);
    expect({ viaApi, viaDashboard }).toEqual({ viaApi: { status, body: envelope }, viaDashboard: { status, body: envelope } });
  },
);

test('a 500 is logged with its request id, whichever route it came from', () => {
  expect(logged.filter((line) => line.includes('envelope-DATABASE_ERROR'))).toHaveLength(2);
  expect(logged.filter((line) => line.includes('envelope-TASK_NOT_FOUND'))).toEqual([]);
});
