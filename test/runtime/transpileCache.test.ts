import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A `.ts` element module is compiled once and kept on disk, so a later process that loads the same
// module does not load the TypeScript compiler (about 40 MB of RSS). These run plain `node` on the
// built package, each with a temporary folder of its own (TMPDIR), where the cache lives.

const builtEntry = path.resolve(__dirname, '../../dist/index.js');
const compilerEntry = require.resolve('typescript');

let dir: string;
let tmp: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-ts-cache-'));
  tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(dir, 'app.yaml'), 'appId: test.TsCache\ntitle: TS cache\nextends: [jittask]\nsettings:\n  timezone: UTC\n');
  fs.mkdirSync(path.join(dir, 'elements/services/Greeter'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'elements/services/Greeter/e.yaml'),
    'title: Greeter\ntype: services.NormalType\nfunctionList:\n  - name: hello\n    args: []\n',
  );
  writeGreeting('hello');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeGreeting(greeting: string): void {
  fs.writeFileSync(
    path.join(dir, 'elements/services/Greeter/index.ts'),
    `import type { ServiceElement } from 'jittask';
export default (Base: typeof ServiceElement) =>
  class Greeter extends Base {
    async hello(): Promise<string> {
      const greeting: string = '${greeting}';
      return greeting;
    }
  };
`,
  );
}

/** Starts a fresh process that loads the app and calls the service: what it answered, and whether it loaded the compiler. */
function start(): { answer: string; compiler: boolean } {
  const script = `
    const { loadApp } = require(${JSON.stringify(builtEntry)});
    loadApp(${JSON.stringify(dir)}, { dataDir: ${JSON.stringify(path.join(dir, 'data'))} })
      .then((app) => app.getElement('services.Greeter').hello().then(async (answer) => {
        const compiler = Object.prototype.hasOwnProperty.call(require.cache, ${JSON.stringify(compilerEntry)});
        await app.close();
        console.log(JSON.stringify({ answer, compiler }));
      }));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { answer: string; compiler: boolean };
}

test('the first start compiles the module; the next one runs it without loading the compiler', () => {
  expect(start()).toEqual({ answer: 'hello', compiler: true });
  expect(start()).toEqual({ answer: 'hello', compiler: false });
});

test('an edited module is compiled anew: the next start runs the new code', () => {
  expect(start().answer).toBe('hello');
  writeGreeting('good morning');
  expect(start()).toEqual({ answer: 'good morning', compiler: true });
  expect(start()).toEqual({ answer: 'good morning', compiler: false });
});

test('a cache folder that other users may write to is not trusted: every start compiles', () => {
  expect(start().compiler).toBe(true);
  const [cache] = fs.readdirSync(tmp).filter((name) => name.startsWith('jittask-ts-'));
  fs.chmodSync(path.join(tmp, cache!), 0o777);
  expect(start()).toEqual({ answer: 'hello', compiler: true });
});

test('a module with a syntax error is never cached: every start reports it', () => {
  fs.writeFileSync(path.join(dir, 'elements/services/Greeter/index.ts'), 'export default (Base: unknown) => class extends {\n');
  for (let i = 0; i < 2; i++) {
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(builtEntry)}).loadApp(${JSON.stringify(dir)})`], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('MODULE_INVALID');
  }
  const [cache] = fs.readdirSync(tmp).filter((name) => name.startsWith('jittask-ts-'));
  expect(cache === undefined ? [] : fs.readdirSync(path.join(tmp, cache))).toEqual([]);
});
