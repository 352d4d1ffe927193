import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// SPEC (JitAi compatibility): an element module's `require('jittask')` (or `import … from
// 'jittask'`) is the running jittask, whether or not the host app has it installed. JitAi's
// runtime gives element code its framework the same way: element code never installs it.
// These run plain `node` on the built package (Jest's own module registry would hide the point).

const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'bin', 'jittask.js');
const builtEntry = path.join(repoRoot, 'dist', 'index.js');
const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

let dir: string;
beforeEach(() => {
  // os.tmpdir() is outside the repository: no node_modules above it holds jittask.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-element-require-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path relative to the app folder → content) under the app folder. */
function writeApp(files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

/**
 * Two elements that reach jittask the two ways JitAi code does: `require` (JS, through a helper
 * file of the app) and `import` (TS).
 */
const ELEMENTS: Record<string, string> = {
  'elements/services/RequireProbe/e.json': JSON.stringify({
    title: 'Probe through require',
    type: 'services.NormalType',
    backendBundleEntry: '.',
    functionList: [{ name: 'probe', title: 'Probe', args: [] }],
  }),
  'elements/services/RequireProbe/index.js': `
    const jittask = require('jittask');
    const pkg = require('../../../lib/jittaskPackage.js');
    module.exports = (Base) => class extends Base {
      async probe() {
        return { resolved: require.resolve('jittask'), sameClass: this instanceof jittask.ServiceElement, version: pkg.version };
      }
    };
  `,
  // A helper of the app, outside elements/: code that element code requires is element code too.
  'lib/jittaskPackage.js': "module.exports = require('jittask/package.json');\n",
  'elements/services/ImportProbe/e.json': JSON.stringify({
    title: 'Probe through import',
    type: 'services.NormalType',
    backendBundleEntry: '.',
    functionList: [{ name: 'probe', title: 'Probe', args: [] }],
  }),
  'elements/services/ImportProbe/index.ts': `
    import { ServiceElement, currentTask, type ElementClass } from 'jittask';
    export default (Base: ElementClass) => class extends Base {
      async probe(): Promise<object> {
        return { sameClass: this instanceof ServiceElement, currentTask: currentTask() ?? null };
      }
    };
  `,
};

/** Plain Node, the built package: loads the app, calls both probes, prints what they return. */
function probeApp(): { require: unknown; import: unknown } {
  const script = `
    const { loadApp } = require(${JSON.stringify(builtEntry)});
    (async () => {
      const app = await loadApp(${JSON.stringify(dir)}, { env: {} });
      const out = { require: await app.getElement('services.RequireProbe').probe(), import: await app.getElement('services.ImportProbe').probe() };
      await app.close();
      console.log(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    require: unknown;
    import: unknown;
  };
}

/** `jittask check` on the app folder, by the command a user runs. */
function check(): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [bin, 'check', dir], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

test('an app outside the package that extends jittask by path: its element code gets the running jittask', () => {
  writeApp({
    'app.yaml': `appId: test.OutsideByPath\ntitle: Outside the package\nextends: [${JSON.stringify(repoRoot)}]\n`,
    ...ELEMENTS,
  });

  expect(check()).toEqual({ status: 0, output: expect.stringContaining(': OK') });
  expect(probeApp()).toEqual({
    require: { resolved: builtEntry, sameClass: true, version },
    import: { sameClass: true, currentTask: null },
  });
}, 60_000);

test('an app.json app found by appId, with its own (other) jittask installed: element code still gets the running one', () => {
  writeApp({
    'app.json': JSON.stringify({
      appId: 'test.OutsideByAppId',
      title: 'Has its own jittask',
      version: '1.0.0',
      extends: [{ appId: 'jittask.Core' }],
    }),
    // A second copy where Node would look first: a stub that is not the running package.
    'node_modules/jittask/package.json': JSON.stringify({ name: 'jittask', version: '9.9.9', main: 'index.js' }),
    'node_modules/jittask/index.js': 'module.exports = { stub: true, ServiceElement: class NotTheRunningOne {} };\n',
    ...ELEMENTS,
  });

  expect(check()).toEqual({ status: 0, output: expect.stringContaining(': OK') });
  expect(probeApp()).toEqual({
    require: { resolved: builtEntry, sameClass: true, version },
    import: { sameClass: true, currentTask: null },
  });
}, 60_000);

test("other code of the app keeps Node's resolution: only element code is redirected", () => {
  writeApp({
    'app.json': JSON.stringify({
      appId: 'test.OutsideByAppId',
      title: 'Has its own jittask',
      version: '1.0.0',
      extends: [{ appId: 'jittask.Core' }],
    }),
    'node_modules/jittask/package.json': JSON.stringify({ name: 'jittask', version: '9.9.9', main: 'index.js' }),
    'node_modules/jittask/index.js': 'module.exports = { stub: true };\n',
    ...ELEMENTS,
  });
  // The host's own script (not an element) asks for jittask after the app loaded: it gets what
  // Node finds for it, its own install, as it would without jittask running.
  const script = `
    const { loadApp } = require(${JSON.stringify(builtEntry)});
    (async () => {
      const app = await loadApp(${JSON.stringify(dir)}, { env: {} });
      await app.close();
      console.log(JSON.stringify(require('jittask')));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ stub: true });
}, 60_000);
