import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHttpHandler, loadApp, ManualClock, type App, type HttpHandler, type HttpHandlerOptions } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

/** 08:00 in Berlin, the zone of the http-app fixture. */
export const START = Date.parse('2025-03-01T07:00:00Z');

/** An app served on an ephemeral loopback port, with what the tests look at. */
export interface ServedApp {
  app: App;
  clock: ManualClock;
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: http.Server;
  handler: HttpHandler;
  /** POSTs `body` (JSON unless a string) to `/api/test/HttpApp/<route>`, with `token` when given. */
  call(
    route: string,
    body?: unknown,
    init?: { token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  /** Closes the server, the handler and the app (letting the grace period pass on the manual clock). */
  close(): Promise<void>;
}

/** Tokens of the tests that configure some. */
export const ADMIN_TOKEN = 'admin-token-0123456789';
export const VIEWER_TOKEN = 'viewer-token-0123456789';
export const TOKENS = [
  { name: 'ops', token: ADMIN_TOKEN, role: 'admin' as const },
  { name: 'grafana', token: VIEWER_TOKEN, role: 'viewer' as const },
];

/**
 * Loads the http-app fixture (or `dir`) on a manual clock with a fresh data folder, starts it (unless
 * `start: false`), mounts `createHttpHandler` in a plain node:http server on `host` (127.0.0.1) and
 * an ephemeral port.
 */
export async function serveApp(options: HttpHandlerOptions & { start?: boolean; host?: string; dir?: string } = {}): Promise<ServedApp> {
  const { start = true, host = '127.0.0.1', dir = fixtureDir('http-app'), ...handlerOptions } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-http-'));
  const clock = new ManualClock(START);
  const app = await loadApp(dir, { clock, dataDir });
  if (start) await app.start();
  const handler = createHttpHandler(app, handlerOptions);
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    clock,
    url,
    server,
    handler,
    async call(route, body, init = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const res = await fetch(`${url}/api/test/HttpApp/${route}`, {
        method: 'POST',
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
    },
    async close() {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const closing = app.close();
      await clock.advance(10_000);
      await closing;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
