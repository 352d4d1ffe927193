import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { DashboardWatch } from '../../src/http/dashboard/DashboardWatch';
import { Logger } from '../../src/log/Logger';
import { taskServiceOf } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { ADMIN_TOKEN, serveApp, TOKENS, VIEWER_TOKEN, type ServedApp } from './serveApp';

// The dashboard's live events (`GET /dashboard/api/events`) as real EventSource-like clients see
// them: who may open a stream, how many each may hold, and what a client that stops reading costs.

/** An open event stream, or the refusal of one. */
interface Stream {
  status: number;
  /** What arrived so far (the refusal's body, for a refused stream). */
  text(): string;
  closed(): boolean;
  res: http.IncomingMessage;
}

/** Opens `GET path` as an event stream and reads it as it arrives (unless `read: false`: the socket is paused at once). */
function openStream(url: string, pathAndQuery: string, init: { headers?: Record<string, string>; read?: boolean } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${pathAndQuery}`, { headers: { accept: 'text/event-stream', ...init.headers } }, (res) => {
        let text = '';
        let closed = false;
        res.socket.on('close', () => {
          closed = true;
        });
        if (init.read === false) {
          res.pause();
          res.socket.pause();
        } else {
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            text += d;
          });
        }
        const stream = { status: res.statusCode ?? 0, text: () => text, closed: () => closed, res };
        if (res.statusCode === 200) resolve(stream);
        else res.on('end', () => resolve(stream));
      })
      .on('error', reject);
  });
}

/** Waits, turn by turn of the event loop, until `check` holds (at most 5,000 turns of 1 ms): an outcome, not a duration. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 5000 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`never: ${what}`);
}

/** An app of the http fixture whose settings.http names its own token. */
function appWithSettingsToken(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-events-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({
      appId: 'test.HttpApp',
      title: 'Events',
      extends: [fixtureDir('http-app')],
      settings: { http: { tokens: [{ name: 'from-settings', token: 'settings-token-0123456789', role: 'admin' }] } },
    }),
  );
  return dir;
}

describe("one source of truth for tokens: the stream checks the handler's tokens", () => {
  test('createHttpHandler(app, { tokens }) with no tokens in settings: a garbage token is refused, its own token gets the stream', async () => {
    const served = await serveApp({ tokens: TOKENS });
    try {
      expect(await openStream(served.url, '/dashboard/api/events?token=garbage-garbage-garbage')).toMatchObject({ status: 401 });
      expect(await openStream(served.url, '/dashboard/api/events')).toMatchObject({ status: 401 });
      const own = await openStream(served.url, `/dashboard/api/events?token=${VIEWER_TOKEN}`);
      expect(own.status).toBe(200);
      own.res.destroy();
    } finally {
      await served.close();
    }
  });

  test("with other tokens in settings.http, the settings' token is refused and the handler's accepted", async () => {
    const dir = appWithSettingsToken();
    const served = await serveApp({ dir, tokens: TOKENS });
    try {
      expect(await openStream(served.url, '/dashboard/api/events?token=settings-token-0123456789')).toMatchObject({ status: 401 });
      const own = await openStream(served.url, `/dashboard/api/events?token=${ADMIN_TOKEN}`);
      expect(own.status).toBe(200);
      own.res.destroy();
    } finally {
      await served.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('streams per token are capped (settings.http.maxEventStreams)', () => {
  let served: ServedApp;
  afterEach(async () => {
    await served.close();
  });

  test('a token holding as many streams as allowed is refused another with 429; other tokens are not; a closed stream frees its place', async () => {
    served = await serveApp({ tokens: TOKENS, maxEventStreams: 3 });
    const admin = `/dashboard/api/events?token=${ADMIN_TOKEN}`;
    const open = await Promise.all([1, 2, 3].map(() => openStream(served.url, admin)));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await openStream(served.url, admin);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text())).toMatchObject({ errcode: 429, code: 'FORBIDDEN', errmsg: expect.stringMatching(/3 event streams/) });
    const viewer = await openStream(served.url, '/dashboard/api/events', { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
    expect(viewer.status).toBe(200);
    expect(served.handler.eventStreams()).toMatchObject({ streams: 4, byHolder: { ops: 3, grafana: 1 } });

    open[0]!.res.destroy();
    await until('the server saw the stream close', () => served.handler.eventStreams().byHolder.ops === 2);
    const again = await openStream(served.url, admin);
    expect(again.status).toBe(200);
    for (const s of [...open, viewer, again]) s.res.destroy();
    await until('every stream is gone from the books', () => served.handler.eventStreams().streams === 0);
  });

  test('with no tokens, loopback clients share one allowance', async () => {
    served = await serveApp({ maxEventStreams: 2 });
    const open = await Promise.all([1, 2].map(() => openStream(served.url, '/dashboard/api/events')));
    expect(open.map((s) => s.status)).toEqual([200, 200]);
    expect((await openStream(served.url, '/dashboard/api/events')).status).toBe(429);
    for (const s of open) s.res.destroy();
  });

  test('a run of the app reaches every open stream', async () => {
    served = await serveApp({ maxEventStreams: 20 });
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(served.url, '/dashboard/api/events')));
    const svc = served.app.getElement<{ createTimerTask(...a: unknown[]): Promise<{ taskId: string }> }>('services.TaskSvc');
    const { taskId } = await svc.createTimerTask('tasks.Job', new Date(served.clock.now()), 'services.Billing.bill', 'tasks.NormalType', {
      amount: 1,
    });
    await served.clock.advance(0);
    const ended = `data: {"taskId":"${taskId}","fullName":"tasks.Job","status":"completed"}`;
    await until('every stream has the run', () => streams.every((s) => s.text().includes(ended)));
    for (const s of streams) s.res.destroy();
  });
});

describe('the watch behind the streams (real sockets, events sent through it)', () => {
  let served: ServedApp;
  let watch: DashboardWatch;
  let server: http.Server;
  let url: string;
  const warnings: string[] = [];

  beforeEach(async () => {
    served = await serveApp();
    const service = taskServiceOf(served.app).service;
    const logger = new Logger({ sink: { write: (_level, line) => warnings.push(line) } });
    watch = new DashboardWatch(service, served.clock, { logger, maxStreamsPerHolder: 1000 });
    server = http.createServer((_req, res) => watch.add(res, 'ops'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    watch.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await served.close();
  });

  /** A task event of fixed length: the n-th. */
  const event = (n: number): { taskId: string; fullName: string; status: string } => ({
    taskId: `task-${String(n).padStart(8, '0')}`,
    fullName: 'tasks.Job',
    status: 'completed',
  });
  const eventText = (n: number): string => `event: task\ndata: ${JSON.stringify(event(n))}\n\n`;

  test('a burst is serialized once and written once per stream, in order, to every stream', async () => {
    const streams = await Promise.all(Array.from({ length: 100 }, () => openStream(url, '/')));
    const before = watch.stats().writes;
    for (let n = 0; n < 1000; n++) watch.broadcast('task', event(n));
    const expected = Array.from({ length: 1000 }, (_, n) => eventText(n)).join('');
    await until('every stream has the burst', () => streams.every((s) => s.text().endsWith(expected)));
    expect(streams.every((s) => s.text() === `: connected\n\n${expected}`)).toBe(true);
    expect(watch.stats().writes - before).toBe(100);
    for (const s of streams) s.res.destroy();
  });

  test('a client that stops reading is dropped once its buffer passes the cap; the reader gets everything; memory stays bounded', async () => {
    const cap = watch.stats().bufferCap;
    const reader = await openStream(url, '/');
    const sleeper = await openStream(url, '/', { read: false });
    await until('both streams are on the books', () => watch.stats().streams === 2);
    let sent = 0;
    let expectedBytes = ': connected\n\n'.length;
    let maxBuffered = 0;
    const round = async (): Promise<void> => {
      for (let i = 0; i < 500; i++) {
        watch.broadcast('task', event(sent));
        expectedBytes += eventText(sent).length;
        sent += 1;
      }
      await until('the reader has caught up', () => Buffer.byteLength(reader.text()) === expectedBytes);
      maxBuffered = Math.max(maxBuffered, watch.stats().bufferedBytes);
    };
    // Rounds of 500 events (about 50 KB) until the sleeper is dropped: the kernel's socket buffers
    // (a few MB on loopback) fill first, then the cap. At most 100 MB, then 20 rounds more.
    for (let r = 0; r < 2000 && watch.stats().dropped === 0; r++) await round();
    for (let r = 0; r < 20; r++) await round();
    expect(watch.stats()).toMatchObject({ streams: 1, dropped: 1, byHolder: { ops: 1 } });
    // Never more held for all streams than the cap of one plus one burst (500 events).
    expect(maxBuffered).toBeLessThanOrEqual(cap + 500 * eventText(0).length);
    // Woken up, the sleeper reads what the kernel held for it, then finds its stream closed: it never gets the rest.
    let woke = 0;
    sleeper.res.on('data', (d: Buffer) => {
      woke += d.length;
    });
    sleeper.res.resume();
    sleeper.res.socket.resume();
    await until('the sleeping client finds its stream closed', () => sleeper.closed());
    expect(woke).toBeLessThan(expectedBytes);
    expect(reader.closed()).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^warn: dashboard event stream dropped: the client does not read/)]);
    reader.res.destroy();
  }, 60_000);
});
