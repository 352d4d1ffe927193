import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, JitError, loadApp, type JitIssue } from 'jittask';

/**
 * Writes an app that extends jittask into a fresh temp folder: `files` maps paths relative to the
 * app folder to their text. Returns the app folder (inside the temp folder, so tests can put
 * things beside it that must never be loaded).
 */
function writeApp(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jt-edges-')));
  const dir = path.join(root, 'app');
  const all = { 'app.yaml': 'appId: test.Edges\ntitle: Edges\nextends: [jittask]\n', ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The JitError loadApp throws for `dir`. */
async function loadError(dir: string): Promise<JitError> {
  let app;
  try {
    app = await loadApp(dir, { env: {} });
  } catch (err) {
    if (err instanceof JitError) return err;
    throw err;
  }
  await app.close();
  throw new Error(`${dir} loaded without error`);
}

/** Both entry points (check and loadApp) report the same issues. */
async function issuesOfBoth(dir: string): Promise<JitIssue[]> {
  const checked = checkApp(dir, {});
  expect((await loadError(dir)).issues).toEqual(checked);
  return checked;
}

const SERVICE = 'title: Svc\ntype: services.NormalType\n';

/** Billion laughs: nine levels of nine aliases, 9^9 strings once expanded, from a few hundred bytes. */
function aliasBomb(indent: string): string {
  const names = 'abcdefghi'.split('');
  return names
    .map(
      (n, i) =>
        `${indent}${n}: &${n} [${Array(9)
          .fill(i === 0 ? 'x' : `*${names[i - 1]}`)
          .join(',')}]\n`,
    )
    .join('');
}

describe('YAML aliases cannot blow a file up', () => {
  test('an alias bomb in an e.yaml is CONFIG_INVALID with its file and line, from check and from loadApp, in little memory', async () => {
    const dir = writeApp({ 'elements/services/BombSvc/e.yaml': `${SERVICE}config:\n${aliasBomb('  ')}` });
    const before = process.memoryUsage().rss;
    const issues = await issuesOfBoth(dir);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(dir, 'elements/services/BombSvc/e.yaml'),
        line: expect.any(Number),
        message: expect.stringContaining('alias'),
      }),
    ]);
  });

  test('so is one in a config.yaml and one in app.yaml', () => {
    const inConfig = writeApp({ 'elements/services/BombSvc/e.yaml': SERVICE, 'elements/services/BombSvc/config.yaml': aliasBomb('') });
    expect(checkApp(inConfig, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(inConfig, 'elements/services/BombSvc/config.yaml'),
        message: expect.stringContaining('alias'),
      }),
    ]);
    const inManifest = writeApp({ 'app.yaml': `appId: test.Edges\ntitle: Edges\nextends: [jittask]\ndescription:\n${aliasBomb('  ')}` });
    expect(checkApp(inManifest, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(inManifest, 'app.yaml'),
        message: expect.stringContaining('alias'),
      }),
    ]);
  });

  test('a few aliases, as YAML is meant to use them, still load', async () => {
    const dir = writeApp({
      'elements/services/AliasSvc/e.yaml': `${SERVICE}config:\n  base: &base { retries: 3 }\n  eu: *base\n  us: *base\n`,
    });
    const app = await loadApp(dir, { env: {} });
    try {
      expect(app.getElementDefine('services.AliasSvc').config).toEqual({ base: { retries: 3 }, eu: { retries: 3 }, us: { retries: 3 } });
    } finally {
      await app.close();
    }
  });
});

describe('a module with a syntax error is MODULE_INVALID with its file and line', () => {
  test('TypeScript', async () => {
    const dir = writeApp({
      'elements/services/BrokenTs/e.yaml': `${SERVICE}functionList:\n  - name: hello\n`,
      'elements/services/BrokenTs/index.ts': [
        "import type { ServiceElement } from 'jittask';",
        'export default (Base: typeof ServiceElement) => class BrokenTs extends Base {',
        "  hello(): string { return 'hi'; }",
        '  oops(: number) { return 1; }',
        '};',
      ].join('\n'),
    });
    expect(await issuesOfBoth(dir)).toEqual([
      expect.objectContaining({
        code: 'MODULE_INVALID',
        fullName: 'services.BrokenTs',
        file: path.join(dir, 'elements/services/BrokenTs/index.ts'),
        line: 4,
      }),
    ]);
  });

  test('JavaScript', async () => {
    const dir = writeApp({
      'elements/services/BrokenJs/e.yaml': SERVICE,
      'elements/services/BrokenJs/index.js':
        "module.exports = (Base) => class BrokenJs extends Base {\n  hello() { return 'hi'; }\n  oops( { return 1; }\n};\n",
    });
    expect(await issuesOfBoth(dir)).toEqual([
      expect.objectContaining({
        code: 'MODULE_INVALID',
        fullName: 'services.BrokenJs',
        file: path.join(dir, 'elements/services/BrokenJs/index.js'),
        line: 3,
      }),
    ]);
  });
});

describe('backendBundleEntry must stay inside its element folder', () => {
  /** A module beside the app that leaves a marker file when it is ever run. */
  function withCanary(dir: string): string {
    const marker = path.join(dir, '..', 'canary-ran');
    fs.writeFileSync(
      path.join(dir, '..', 'canary.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = (Base) => class extends Base {};\n`,
    );
    return marker;
  }

  const outside: Array<[string, (dir: string) => string]> = [
    ['a relative path out of the folder', () => '../../../../canary.js'],
    ['an absolute path', (dir) => path.join(dir, '..', 'canary.js')],
    ["a path into another element's folder", () => '../OtherSvc/index.js'],
    [
      'a symlink inside the folder that leads outside',
      (dir) => {
        fs.symlinkSync(path.join(dir, '..', 'canary.js'), path.join(dir, 'elements/services/EntrySvc/link.js'));
        return 'link.js';
      },
    ],
  ];
  test.each(outside)("%s is refused with the key's file, line and column, before anything runs", async (_what, entryOf) => {
    const dir = writeApp({
      'elements/services/OtherSvc/e.yaml': SERVICE,
      'elements/services/OtherSvc/index.js': 'module.exports = (Base) => class extends Base {};\n',
      'elements/services/EntrySvc/e.yaml': SERVICE,
    });
    const marker = withCanary(dir);
    const entry = entryOf(dir);
    fs.appendFileSync(path.join(dir, 'elements/services/EntrySvc/e.yaml'), `backendBundleEntry: ${JSON.stringify(entry)}\n`);
    expect(await issuesOfBoth(dir)).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(dir, 'elements/services/EntrySvc/e.yaml'),
        line: 3,
        column: 1,
        path: 'backendBundleEntry',
        message: expect.stringContaining('outside'),
      }),
    ]);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a module in a subfolder of the element is loaded', async () => {
    const dir = writeApp({
      'elements/services/EntrySvc/e.yaml': `${SERVICE}backendBundleEntry: lib/impl.js\nfunctionList:\n  - name: hello\n`,
      'elements/services/EntrySvc/lib/impl.js': "module.exports = (Base) => class extends Base { async hello() { return 'from lib'; } };\n",
    });
    const app = await loadApp(dir, { env: {} });
    try {
      await expect(app.getElement<{ hello(): Promise<string> }>('services.EntrySvc').hello()).resolves.toBe('from lib');
    } finally {
      await app.close();
    }
  });
});

describe('symlinked element folders', () => {
  test('are followed: an element folder kept elsewhere is part of the app', async () => {
    const dir = writeApp({});
    const shared = path.join(dir, '..', 'shared', 'LinkedSvc');
    fs.mkdirSync(shared, { recursive: true });
    fs.writeFileSync(path.join(shared, 'e.yaml'), `${SERVICE}functionList:\n  - name: hello\n`);
    fs.writeFileSync(
      path.join(shared, 'index.js'),
      "module.exports = (Base) => class extends Base { async hello() { return 'linked'; } };\n",
    );
    fs.mkdirSync(path.join(dir, 'elements/services'), { recursive: true });
    fs.symlinkSync(shared, path.join(dir, 'elements/services/LinkedSvc'));
    expect(checkApp(dir, {})).toEqual([]);
    const app = await loadApp(dir, { env: {} });
    try {
      await expect(app.getElement<{ hello(): Promise<string> }>('services.LinkedSvc').hello()).resolves.toBe('linked');
    } finally {
      await app.close();
    }
  });

  test('a symlink loop is CONFIG_INVALID naming the path, not a hang', async () => {
    const dir = writeApp({ 'elements/services/PlainSvc/e.yaml': SERVICE });
    const loop = path.join(dir, 'elements/services/PlainSvc/again');
    fs.symlinkSync(path.join(dir, 'elements'), loop);
    const self = path.join(dir, 'elements/services/Self');
    fs.symlinkSync(self, self);
    const issues = await issuesOfBoth(dir);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', file: loop, message: expect.stringContaining('loop') }),
      expect.objectContaining({ code: 'CONFIG_INVALID', file: self }),
    ]);
  });
});

test('a missing app folder is CONFIG_INVALID naming the path', async () => {
  const missing = path.join(os.tmpdir(), 'jt-edges-no-such-app');
  const err = await loadError(missing);
  expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(missing) });
  expect(checkApp(missing, {})).toEqual([expect.objectContaining({ code: 'CONFIG_INVALID', file: missing })]);
});

describe("a Meta written as a plain class (JitAi's extension guide)", () => {
  const widgetFamily = {
    'elements/widgets/Meta/e.yaml': 'title: Widget Meta\n',
    'elements/widgets/Meta/index.js':
      'module.exports = class WidgetMeta {\n  describe() { return `${this.title} (${this.fullName}) in ${this.app.appId}, ${this.config.color}`; }\n};\n',
    'elements/widgets/NormalType/e.yaml': 'title: Normal widget\ntype: widgets.Meta\n',
    'elements/widgets/Button/e.yaml': 'title: Button\ntype: widgets.NormalType\nconfig: { color: red }\n',
  };

  test('works: its Instances get what ElementBase gives', async () => {
    const dir = writeApp(widgetFamily);
    expect(checkApp(dir, {})).toEqual([]);
    const app = await loadApp(dir, { env: {} });
    try {
      const button = app.getElement<{ describe(): string; define: { fullName: string } }>('widgets.Button');
      expect(button.describe()).toBe('Button (widgets.Button) in test.Edges, red');
      expect(button.define.fullName).toBe('widgets.Button');
    } finally {
      await app.close();
    }
  });

  test('one whose constructor wants what InversifyJS cannot give is MODULE_INVALID with its file, not a raw InversifyJS error', async () => {
    const dir = writeApp({
      ...widgetFamily,
      'elements/widgets/Meta/index.js': 'module.exports = class WidgetMeta {\n  constructor(size) { this.size = size; }\n};\n',
    });
    const issues = await issuesOfBoth(dir);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'MODULE_INVALID', fullName: 'widgets.Meta', file: path.join(dir, 'elements/widgets/Meta/index.js') }),
    );
    expect(issues.every((i) => i.code === 'MODULE_INVALID')).toBe(true);
  });

  test('an Instance whose class does not extend the class it is given is MODULE_INVALID with its file', async () => {
    const dir = writeApp({
      ...widgetFamily,
      'elements/services/RogueSvc/e.yaml': SERVICE,
      'elements/services/RogueSvc/index.js': 'module.exports = class Rogue { hello() { return 1; } };\n',
    });
    expect(await issuesOfBoth(dir)).toEqual([
      expect.objectContaining({
        code: 'MODULE_INVALID',
        fullName: 'services.RogueSvc',
        file: path.join(dir, 'elements/services/RogueSvc/index.js'),
        message: expect.stringContaining('extend'),
      }),
    ]);
  });
});
