import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { serveApp } from './serveApp';

// settings.http.allowedHosts and maxEventStreams: checked when the app loads, honoured when it serves.

function appYaml(httpBlock: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-http-security-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    `appId: test.HttpApp
title: HTTP security settings
extends: [${JSON.stringify(fixtureDir('http-app'))}]
settings:
  http:
${httpBlock}`,
  );
  return dir;
}

test('a host name with a scheme or a port, and a stream limit out of range, are CONFIG_INVALID at their lines', () => {
  const dir = appYaml(`    allowedHosts:
      - jittask.example.com
      - http://jittask.example.com
      - jittask.example.com:8787
      - ""
    maxEventStreams: 0
`);
  const issues = checkApp(dir).map((i) => `${i.code} ${i.line} ${i.path}: ${i.message}`);
  expect(issues).toEqual([
    expect.stringMatching(/^CONFIG_INVALID 8 settings\.http\.allowedHosts\.1: must be a host name without a port or scheme/),
    expect.stringMatching(/^CONFIG_INVALID 9 settings\.http\.allowedHosts\.2: must be a host name without a port or scheme/),
    expect.stringMatching(/^CONFIG_INVALID 10 settings\.http\.allowedHosts\.3: must be a host name without a port or scheme/),
    expect.stringMatching(/^CONFIG_INVALID 11 settings\.http\.maxEventStreams: must be an integer from 1 to 10000/),
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('settings.http.allowedHosts lets clients name the server so; other names stay refused', async () => {
  const dir = appYaml(`    allowedHosts: [jittask.example.com, "::1"]
    maxEventStreams: "4"
`);
  expect(checkApp(dir)).toEqual([]);
  const served = await serveApp({ dir });
  try {
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        http
          .get(`${served.url}/dashboard/api/me`, { headers: { host }, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await status('jittask.example.com')).toBe(200);
    expect(await status('jittask.example.com:443')).toBe(200);
    expect(await status('other.example.com')).toBe(403);
  } finally {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
