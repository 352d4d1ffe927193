import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { fixtureDir } from '../fixtures/fixtureDir';
import { serveApp } from './serveApp';

const root = path.join(__dirname, '../..');

/** This machine's first non-loopback IPv4 address: a client connecting to it is not a loopback client. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

/** An app extending the http-app fixture with `http` settings, in a folder of its own. */
function appWithHttp(http: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-http-cli-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({ appId: 'test.HttpCli', title: 'HTTP CLI', extends: [fixtureDir('http-app')], settings: { http } }),
  );
  return dir;
}

/** Runs `jittask run dir ...args` until `text` appears in its output or it exits; then stops it. */
async function runUntil(
  dir: string,
  args: string[],
  text: RegExp,
  whileRunning?: (output: string) => Promise<void>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/jittask.js'), 'run', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!text.test(output) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (child.exitCode === null) {
    await whileRunning?.(output);
    child.kill('SIGTERM');
  }
  const code = await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, output };
}

(outside ? test : test.skip)('without tokens, only loopback clients are served: another address is 403', async () => {
  const served = await serveApp({ host: '0.0.0.0' });
  const port = new URL(served.url).port;
  const fromOutside = await fetch(`http://${outside}:${port}/api/test/HttpApp/services/Billing/status`, { method: 'POST' });
  expect(fromOutside.status).toBe(403);
  expect(await fromOutside.json()).toMatchObject({ code: 'FORBIDDEN', errmsg: expect.stringMatching(/loopback/) });
  const fromLoopback = await fetch(`${served.url}/api/test/HttpApp/services/Billing/status`, { method: 'POST' });
  expect(fromLoopback.status).toBe(200);
  await served.close();
});

test('jittask run --http serves the app on the port it is given and says that only loopback clients are served', async () => {
  const dir = appWithHttp({});
  let health = 0;
  const { code, output } = await runUntil(dir, ['--http', '127.0.0.1:0'], /HTTP on http:\/\/127\.0\.0\.1:\d+/, async (out) => {
    const url = /HTTP on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    health = (await fetch(`${url}/healthz`)).status;
  });
  expect(output).toMatch(/no tokens configured: only loopback clients are served/);
  expect(health).toBe(200);
  expect(code).toBe(0);
});

test.each([
  ['--http 0.0.0.0:0', ['--http', '0.0.0.0:0'], {}],
  ['settings.http.host 0.0.0.0', ['--http'], { host: '0.0.0.0', port: 0 }],
])('binding to a non-loopback host without tokens (%s) is refused at start', async (_, args, http) => {
  const { code, output } = await runUntil(appWithHttp(http), args, /never/);
  expect(code).toBe(1);
  expect(output).toMatch(/\[CONFIG_INVALID\].*refusing to listen on 0\.0\.0\.0 without settings\.http\.tokens/);
  expect(output).not.toMatch(/ running /);
});

test('with tokens, binding to any host is allowed', async () => {
  const { code, output } = await runUntil(
    appWithHttp({ host: '0.0.0.0', port: 0, tokens: [{ name: 'ops', token: 'admin-token-0123456789', role: 'admin' }] }),
    [],
    /HTTP on/,
  );
  expect(output).toMatch(/HTTP on http:\/\/0\.0\.0\.0:\d+ \(1 token\)/);
  expect(code).toBe(0);
});
