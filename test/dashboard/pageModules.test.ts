import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHttpHandler, loadApp, type App } from 'jittask';
import { STATIC_DIR } from '../../src/http/dashboard/serveStatic';
import { fixtureDir } from '../fixtures/fixtureDir';

// The dashboard's page is ES modules served as they are, with no build step: nothing compiles them,
// so this test walks their imports as a browser would, over HTTP, on machines without Chromium too.

let app: App;
let server: http.Server;
let dataDir: string;
/** `http://127.0.0.1:<port>/dashboard/` */
let base: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-page-'));
  app = await loadApp(fixtureDir('dashboard-app'), { start: false, dataDir });
  server = http.createServer(createHttpHandler(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** GETs a path exactly as written: fetch would resolve `..` segments before sending them. */
function rawGet(pathname: string): Promise<number> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** Every `.js` file under the folder, as a path relative to it with `/` between parts. */
function jsFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? jsFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : entry.name.endsWith('.js')
          ? [`${prefix}${entry.name}`]
          : [],
    );
}

test('every module the page loads, from its script tag down through each import, is served as JavaScript from the folder', async () => {
  const page = await (await fetch(base)).text();
  const scripts = [...page.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
  expect(scripts.length).toBeGreaterThan(0);
  for (const attrs of scripts) expect(attrs).toMatch(/\btype="module"/);

  const pending = scripts.map((attrs) => new URL(/\bsrc="([^"]+)"/.exec(attrs)?.[1] ?? '', base).href);
  const loaded = new Set<string>();
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (loaded.has(url)) continue;
    loaded.add(url);
    const res = await fetch(url);
    expect([url, res.status, res.headers.get('content-type')]).toEqual([url, 200, 'text/javascript; charset=utf-8']);
    const source = await res.text();
    for (const [, from, bare] of source.matchAll(/\bfrom\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const specifier = from ?? bare ?? '';
      // A browser resolves only relative or absolute URLs, and the file name as written (no `.js` added).
      expect([url, specifier]).toEqual([url, expect.stringMatching(/^\.\.?\/.*\.js$/)]);
      pending.push(new URL(specifier, url).href);
    }
  }

  const reached = [...loaded].map((url) => url.slice(base.length)).sort();
  expect(reached.length).toBeGreaterThan(1);
  // None is left behind unused (a module renamed, the old file kept).
  expect(reached).toEqual(jsFiles(STATIC_DIR).sort());
});

test("a path into one of the page's subfolders leads nowhere outside the folder", async () => {
  expect(await rawGet('/dashboard/views/tasks.js')).toBe(200);
  // Each names the package's own package.json, five folders up from views/, by a served file type.
  for (const sneaky of [
    '/dashboard/views/../../../../../package.json',
    '/dashboard/views/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/dashboard/views/..%2f..%2f..%2f..%2f..%2fpackage.json',
    '/dashboard/views/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/dashboard/views//tasks.js',
    '/dashboard/views/',
    '/dashboard/views',
  ]) {
    expect([sneaky, await rawGet(sneaky)]).toEqual([sneaky, 404]);
  }
});
