import * as net from 'node:net';
import { Logger } from '../../src/log/Logger';
import { serveApp, type ServedApp } from './serveApp';

// Requests whose URL does not decode are the client's mistake: a 400 with a code, nothing in the
// server's error log, and the server goes on serving.

let served: ServedApp;
const logged: string[] = [];

beforeAll(async () => {
  const logger = new Logger({ sink: { write: (level, line) => logged.push(`${level} ${line}`) } });
  served = await serveApp({ logger });
});

afterAll(async () => {
  await served.close();
});

beforeEach(() => {
  logged.length = 0;
});

/** Sends `GET <target>` as written on the request line (fetch would normalize it) and returns the status and body. */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(served.url);
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), body });
    });
    socket.on('error', reject);
  });
}

test('a dashboard path with broken percent-encoding is 400 API_PARAMS_ERROR, not a 500 with a stack in the log', async () => {
  for (const target of ['/dashboard/api/tasks/%', '/dashboard/api/tasks/%E0%A4%A', '/dashboard/api/%zz/retry']) {
    const answer = await rawGet(target);
    expect([target, answer.status]).toEqual([target, 400]);
    expect(JSON.parse(answer.body)).toMatchObject({
      errcode: 400,
      code: 'API_PARAMS_ERROR',
      errmsg: expect.stringMatching(/percent-encoding/),
    });
  }
  expect(logged).toEqual([]);
});

test('a request target that is no URL at all is 400 and the server keeps serving', async () => {
  const answer = await rawGet('http://[/x');
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body)).toMatchObject({ code: 'API_PARAMS_ERROR' });
  expect((await rawGet('/healthz')).status).toBe(200);
  expect(logged).toEqual([]);
});

test('a path that starts with // is routed as that path, not read as another host', async () => {
  expect((await rawGet('//evil.example/healthz')).status).toBe(404);
});

test("a 500's stack goes to the log as one escaped line, with the request id", async () => {
  const res = await served.call('services/Billing/crash', {});
  expect(res.status).toBe(500);
  expect(logged).toEqual([
    expect.stringMatching(
      new RegExp(
        `^error error: HTTP POST /api/test/HttpApp/services/Billing/crash failed {2}request=${res.body.requestId} {2}error=Error: ledger unreachable\\\\n {4}at `,
      ),
    ),
  ]);
});
