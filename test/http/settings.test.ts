import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

function appYaml(httpBlock: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-http-settings-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    `appId: test.HttpSettings
title: HTTP settings
extends: [${JSON.stringify(fixtureDir('http-app'))}]
settings:
  http:
${httpBlock}`,
  );
  return dir;
}

test('every problem of settings.http is reported at its line', () => {
  const dir = appYaml(`    port: 70000
    host: ""
    bodyLimit: 0
    colour: blue
    tokens:
      - { name: ops, token: short, role: admin }
      - { name: ops, token: another-token-0123456789, role: root }
      - { token: third-token-0123456789, role: viewer }
`);
  const issues = checkApp(dir).map((i) => `${i.line} ${i.path}: ${i.message}`);
  expect(issues).toEqual([
    expect.stringMatching(/^6 settings\.http\.port: must be an integer port, 0 … 65535/),
    expect.stringMatching(/^7 settings\.http\.host: must be a host name or address/),
    expect.stringMatching(/^8 settings\.http\.bodyLimit: must be a number of bytes, an integer from 1 to 104857600/),
    expect.stringMatching(/^9 settings\.http\.colour: unknown key 'colour'/),
    expect.stringMatching(/^11 settings\.http\.tokens\.0\.token: must be a string of at least 16 characters/),
    expect.stringMatching(/^12 settings\.http\.tokens\.1\.name: 'ops' names another token too/),
    expect.stringMatching(/^12 settings\.http\.tokens\.1\.role: must be admin or viewer/),
    expect.stringMatching(/^13 settings\.http\.tokens\.2\.name: must be a non-empty string/),
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('good settings.http pass, numbers written as strings (placeholders) included', () => {
  const dir = appYaml(`    port: "8787"
    host: 0.0.0.0
    bodyLimit: 2097152
    tokens:
      - { name: ops, token: admin-token-0123456789, role: admin }
      - { name: grafana, token: viewer-token-0123456789, role: viewer }
`);
  expect(checkApp(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
