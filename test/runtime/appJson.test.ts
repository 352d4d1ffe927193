import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, loadApp, type JitIssue } from 'jittask';
import { main } from '../../src/cli/main';
import { fixtureDir } from '../fixtures/fixtureDir';

/*
 * JitAi keeps an app's manifest in `app.json` at the app's root (JitAi's documentation, "JAAP
 * (JitAi Ai Application Protocol)", https://jit.pro/docs/reference/runtime-platform/JAAP, and
 * "Application Directory and Element Source Code"); its parents are `extends` entries naming an
 * appId and a version. The fixtures under test/fixtures/jitai-appjson/ are written that way:
 * `host/app.json` carries the JitAi keys (`orgId`, `name`, `icon`, `theme`, `encrypted`, `files`,
 * `requirements`, `settings.defaultElement`) beside jittask's own.
 */

const root = (...segments: string[]): string => fixtureDir('jitai-appjson', ...segments);
const realRoot = (...segments: string[]): string => fs.realpathSync(root(...segments));
const jittaskDir = fs.realpathSync(path.join(__dirname, '..', '..'));

/** A fresh folder for an app's runtime data. */
const dataDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'jt-appjson-'));

/** Writes `manifest` as a fresh app's `app.json`, pretty-printed (so a test can state lines), and returns the app's folder. */
function writeAppJson(manifest: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-appjson-app-'));
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** What a loaded app's ParentSvc says it is. */
interface ParentSvc {
  whoAmI(): Promise<string>;
}

describe("an app whose manifest is JitAi's app.json", () => {
  test("loads, with JitAi's other keys accepted, and extends a parent found by appId in settings.appPaths", async () => {
    const app = await loadApp(root('host'), { env: {}, dataDir: dataDir() });
    try {
      expect(app.appId).toBe('acme.OrderDesk');
      // ^1.2 among 1.2.0, 1.4.1 and 2.0.0 (one level down in ../library): the highest that fits.
      expect(app.chain.map((m) => `${m.appId}@${m.version}`)).toEqual(['acme.OrderDesk@1.0.0', 'acme.Parent@1.4.1', 'jittask.Core@0.1.0']);
      expect(app.chain[1]!.dir).toBe(realRoot('library', 'parent-1.4.1'));
      await expect(app.getElement<ParentSvc>('services.ParentSvc').whoAmI()).resolves.toBe('acme.Parent@1.4.1');
    } finally {
      await app.close();
    }
  });

  test('{ "appId": "jittask.Core" } is the running jittask, though a folder on the search path calls itself jittask.Core', async () => {
    const app = await loadApp(root('host'), { env: {}, dataDir: dataDir() });
    try {
      const core = app.chain.find((m) => m.appId === 'jittask.Core')!;
      expect(core.dir).toBe(jittaskDir);
      expect(app.chain.map((m) => m.dir)).not.toContain(realRoot('library', 'fake-core'));
      expect(app.getElementDefine('services.TaskSvc')).toBeDefined();
      expect(() => app.getElement('services.FakeSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
    } finally {
      await app.close();
    }
  });

  test('settings.defaultElement.defaultDatabase is the default database: the task store opens there', async () => {
    const data = dataDir();
    const app = await loadApp(root('host'), { env: {}, dataDir: data, start: true });
    try {
      expect(app.settings.defaultDatabase).toBe('databases.OrderDb');
      // The other default… keys are kept as written.
      expect(app.settings.defaultElement).toEqual({ defaultDatabase: 'databases.OrderDb', defaultCache: 'caches.Default' });
      expect(fs.existsSync(path.join(data, 'databases', 'OrderDb', 'orders.db'))).toBe(true);
      expect(fs.existsSync(path.join(data, 'databases', 'Default'))).toBe(false);
    } finally {
      await app.close();
    }
  });

  test("a parent found by appId through JITTASK_APP_PATH (loadApp's env), a folder that is itself an app", async () => {
    const nowhere = path.join(os.tmpdir(), 'jittask-no-such-app-path');
    const app = await loadApp(root('env-host'), { env: { JITTASK_APP_PATH: `${nowhere}:${root('env-parent')}` }, dataDir: dataDir() });
    try {
      expect(app.chain.map((m) => m.appId)).toEqual(['acme.EnvHost', 'acme.EnvParent', 'jittask.Core']);
      await expect(app.getElement<ParentSvc>('services.ParentSvc').whoAmI()).resolves.toBe('acme.EnvParent@1.0.0');
    } finally {
      await app.close();
    }
  });

  test('without JITTASK_APP_PATH the same parent is not found: CONFIG_INVALID naming the entry', () => {
    const issues = checkApp(root('env-host'), {});
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(realRoot('env-host'), 'app.json'),
        line: 5,
        column: 15,
        path: 'extends.0',
        message: expect.stringContaining('acme.EnvParent@1.0.0'),
      }),
    ]);
  });

  test('a parent found by appId among installed packages (node_modules)', async () => {
    const app = await loadApp(root('installed-host'), { env: {}, dataDir: dataDir() });
    try {
      expect(app.chain.map((m) => `${m.appId}@${m.version}`)).toEqual([
        'acme.InstalledHost@1.0.0',
        'acme.OrderBase@2.3.0',
        'jittask.Core@0.1.0',
      ]);
      expect(app.getElementDefine('services.BaseSvc')).toBeDefined();
    } finally {
      await app.close();
    }
  });

  test('a version range no installed copy fits is refused, naming the entry, the versions seen and where it looked', () => {
    const issues = checkApp(root('mismatch'), {});
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue).toEqual(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(realRoot('mismatch'), 'app.json'),
        line: 4,
        column: 15,
        path: 'extends.0',
      }),
    );
    expect(issue.message).toContain('acme.Parent@^3.0.0');
    expect(issue.message).toContain('1.2.0, 1.4.1, 2.0.0');
    expect(issue.message).toContain(realRoot('library'));
    expect(issue.message).toContain('JITTASK_APP_PATH');
  });

  test('app.yaml and app.json in one folder: CONFIG_INVALID, for check and load alike', async () => {
    const expected: JitIssue = expect.objectContaining({
      code: 'CONFIG_INVALID',
      file: path.join(realRoot('both'), 'app.json'),
      message: expect.stringContaining('both app.yaml and app.json'),
    });
    expect(checkApp(root('both'), {})).toEqual([expected]);
    await expect(loadApp(root('both'), { env: {}, dataDir: dataDir() })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      issues: [expected],
    });
  });

  test('defaultDatabase and defaultElement.defaultDatabase both given and different: CONFIG_INVALID at the inner key', () => {
    const issues = checkApp(root('conflict'), {});
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(realRoot('conflict'), 'app.json'),
        line: 7,
        column: 25,
        path: 'settings.defaultElement.defaultDatabase',
        message: expect.stringContaining("settings.defaultDatabase is 'databases.Default'"),
      }),
    ]);
  });

  test('settings.appPaths may hold a {{PLACEHOLDER}}, filled from the environment', async () => {
    const dir = writeAppJson({
      appId: 'acme.FromPlaceholder',
      title: 'appPaths from the environment',
      extends: [{ appId: 'acme.Parent', version: '~1.2.0' }],
      settings: { appPaths: ['{{APPS_HOME}}'] },
    });
    const app = await loadApp(dir, { env: { APPS_HOME: root('library') }, dataDir: dataDir() });
    try {
      await expect(app.getElement<ParentSvc>('services.ParentSvc').whoAmI()).resolves.toBe('acme.Parent@1.2.0');
    } finally {
      await app.close();
    }
  });

  test('malformed extends entries: every one at once, each at its place', () => {
    const dir = writeAppJson({
      appId: 'acme.Malformed',
      title: 'mistakes',
      extends: [{ appId: 'jittask.Core', version: 'one point two' }, { appId: 'acme.Parent', versoin: '1.0.0' }, 42],
    });
    const file = path.join(fs.realpathSync(dir), 'app.json');
    const issues = checkApp(dir, {});
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['extends.0', 5, 5],
      ['extends.1', 9, 5],
      ['extends.2', 13, 5],
    ]);
    expect(issues.every((i) => i.code === 'CONFIG_INVALID' && i.file === file)).toBe(true);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining('semver range'),
      expect.stringContaining("unknown key 'versoin'"),
      expect.stringContaining('{ appId, version }'),
    ]);
  });

  test("settings.appPaths must be a list of folders, defaultElement's keys start with default", () => {
    const dir = writeAppJson({
      appId: 'acme.Malformed',
      title: 'mistakes',
      extends: [{ appId: 'jittask.Core' }],
      settings: { appPaths: '../library', defaultElement: { database: 'databases.Default', defaultDatabase: 'databases.Nope' } },
    });
    const issues = checkApp(dir, {});
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['settings.appPaths', 10, 5],
      ['settings.defaultElement.database', 12, 7],
      ['settings.defaultElement.defaultDatabase', 13, 7],
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining('list of folders'),
      expect.stringContaining("start with 'default'"),
      expect.stringContaining("'databases.Nope' names no element"),
    ]);
  });

  test('a grandparent is found through the appPaths of the app that extends its parent; appPaths come before JITTASK_APP_PATH', async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-appjson-tree-'));
    const write = (folder: string, manifest: object): void => {
      fs.mkdirSync(path.join(top, folder), { recursive: true });
      fs.writeFileSync(path.join(top, folder, 'app.json'), JSON.stringify(manifest));
    };
    write('host', { appId: 'acme.Top', extends: [{ appId: 'acme.Mid' }], settings: { appPaths: ['../lib'] } });
    write('lib/mid', { appId: 'acme.Mid', extends: [{ appId: 'acme.Leaf', version: '1.0.0' }] });
    write('lib/leaf', { appId: 'acme.Leaf', version: '1.0.0', title: 'from appPaths', extends: [{ appId: 'jittask.Core' }] });
    write('elsewhere/leaf', { appId: 'acme.Leaf', version: '1.0.0', title: 'from JITTASK_APP_PATH', extends: [{ appId: 'jittask.Core' }] });
    const app = await loadApp(path.join(top, 'host'), { env: { JITTASK_APP_PATH: path.join(top, 'elsewhere') }, dataDir: dataDir() });
    try {
      expect(app.chain.map((m) => `${m.appId}: ${m.title}`)).toEqual([
        'acme.Top: acme.Top',
        'acme.Mid: acme.Mid',
        'acme.Leaf: from appPaths',
        'jittask.Core: jittask',
      ]);
    } finally {
      await app.close();
    }
  });

  test('a version of jittask.Core the running jittask does not fit is refused', () => {
    const dir = writeAppJson({ appId: 'acme.WantsNewCore', extends: [{ appId: 'jittask.Core', version: '^9.0.0' }] });
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        path: 'extends.0',
        message: expect.stringContaining('whose version 0.1.0 does not fit ^9.0.0'),
      }),
    ]);
  });

  test('jittask check accepts a folder with app.json', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'jittask', 'check', root('host')], { log: (l) => out.push(l), error: (l) => err.push(l) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
  });
});
