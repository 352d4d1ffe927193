import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, loadApp, type App, type ElementBase } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

// JitAi's JAAP page (test/fixtures/jitai/jaap-deployment): apps are deployed at
// `<runtime environment>/<orgId>/<appName>/<version with _ for .>`, and a parent named by
// `{ appId, version }` is found there; a composite element keeps its backend code and its runtime
// configuration in `backend/` (`backendBundleEntry: "./backend"`).

const dir = fixtureDir('jitai', 'jaap-deployment');
const environ = path.join(dir, 'environs', 'JRE_MWcVmUZjEq');

let tmp: string;
const apps: App[] = [];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jaap-'));
});

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function load(appDir: string, env: Record<string, string> = {}): Promise<App> {
  const app = await loadApp(appDir, { env, dataDir: path.join(tmp, `data-${apps.length}`) });
  apps.push(app);
  return app;
}

/** An app in `tmp/<name>` whose app.json extends `parent`. */
function hostApp(name: string, parent: Record<string, string>): string {
  const appDir = path.join(tmp, name);
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(path.join(appDir, 'app.json'), JSON.stringify({ appId: `test.${name}`, version: '1.0.0', extends: [parent] }, null, 2));
  return appDir;
}

/** The chain as `appId@version`, and where each app was found. */
const chainOf = (app: App): string[] => app.chain.map((m) => `${m.appId}@${m.version}`);

describe('the deployment path: <env>/<orgId>/<appName>/<version with _ for .>', () => {
  test("the page's app.json finds wanyun.BaseApp 1.0.0 in the environment by appId and version (not 2.0.0)", async () => {
    expect(checkApp(dir, {})).toEqual([]);
    const app = await load(dir);
    expect(chainOf(app).slice(0, 2)).toEqual(['wanyun.MyApp@1.0.0', 'wanyun.BaseApp@1.0.0']);
    expect(app.chain[1]!.dir).toBe(fs.realpathSync(path.join(environ, 'wanyun', 'BaseApp', '1_0_0')));
    expect(app.getParentsMetadata()['wanyun.BaseApp@1.0.0']).toMatchObject({ appId: 'wanyun.BaseApp', version: '1.0.0' });
  });

  test.each([
    ['1.0.0', 'wanyun.BaseApp@1.0.0'],
    ['^2', 'wanyun.BaseApp@2.0.0'],
    ['*', 'wanyun.BaseApp@2.0.0'],
  ])('through JITTASK_APP_PATH, version %s is %s', async (version, found) => {
    const app = await load(hostApp('JaapHost', { appId: 'wanyun.BaseApp', version }), { JITTASK_APP_PATH: environ });
    expect(chainOf(app)[1]).toBe(found);
  });

  test('an app loaded from its own deployment folder is that app', async () => {
    const app = await load(path.join(environ, 'wanyun', 'BaseApp', '2_0_0'));
    expect(app.appKey).toBe('wanyun.BaseApp@2.0.0');
  });

  test('no fitting version: CONFIG_INVALID at the extends entry, naming the versions deployed', () => {
    const host = hostApp('JaapHost', { appId: 'wanyun.BaseApp', version: '^3' });
    expect(checkApp(host, { JITTASK_APP_PATH: environ })).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(fs.realpathSync(host), 'app.json'),
        line: 5,
        path: 'extends.0',
        message: expect.stringMatching(/found versions 1\.0\.0, 2\.0\.0, none fits \^3/),
      }),
    ]);
  });

  test.each([
    [
      'another version',
      { version: '1.2.0' },
      /1_0_0 is where JAAP deploys wanyun\.BaseApp 1\.0\.0, but its app\.json says wanyun\.BaseApp 1\.2\.0/,
    ],
    ['another app', { appId: 'wanyun.OtherApp' }, /but its app\.json says wanyun\.OtherApp 1\.0\.0/],
  ])('a deployment folder whose manifest names %s is CONFIG_INVALID: which one is meant is unclear', (_, change, message) => {
    const env = path.join(tmp, 'env');
    fs.cpSync(environ, env, { recursive: true });
    const manifest = path.join(env, 'wanyun', 'BaseApp', '1_0_0', 'app.json');
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, 'utf8')), ...change }));
    const host = hostApp('JaapHost', { appId: 'wanyun.BaseApp', version: '^2' });
    expect(checkApp(host, { JITTASK_APP_PATH: env })).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', path: 'extends.0', line: 5, message: expect.stringMatching(message) }),
    ]);
  });
});

describe('a composite element: backendBundleEntry "./backend"', () => {
  interface UserCard extends ElementBase {
    databaseAlias(): string;
  }

  test('its backend code is backend/index.ts and its config backend/config.json; its fullName is unchanged', async () => {
    const app = await load(dir);
    const card = app.getElement<UserCard>('components.UserCard');
    expect(card.databaseAlias()).toBe('Default');
    expect(card.config).toEqual({
      database: {
        alias: 'Default',
        type: 'sqlite',
        config: { database: 'appData/databases/Default/sqlite.db', pool_size: 10, max_overflow: 20 },
      },
    });
    expect(card.elementType).toBe('components.StandardType');
    expect(app.getElementDefine('components.UserCard')).toMatchObject({ frontBundleEntry: './frontend/index.ts' });
    expect(Object.keys(app.getAllElementsDefine()).filter((n) => n.startsWith('components.UserCard'))).toEqual(['components.UserCard']);
  });

  /** A copy of the fixture in tmp, with `change` applied to UserCard's folder. */
  function copyWith(change: (cardDir: string) => void): string {
    const copy = path.join(tmp, 'app');
    fs.cpSync(dir, copy, { recursive: true });
    change(path.join(copy, 'elements', 'components', 'UserCard'));
    return copy;
  }

  test('a config.json beside e.json as well is CONFIG_INVALID: keep one', () => {
    const copy = copyWith((card) => fs.writeFileSync(path.join(card, 'config.json'), '{ "database": {} }'));
    expect(checkApp(copy, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'components.UserCard',
        message: expect.stringMatching(/config\.json and backend\/config\.json are both the config of 'components\.UserCard'/),
      }),
    ]);
  });

  test('a backend/config.json that is not a mapping is CONFIG_INVALID in that file', () => {
    const copy = copyWith((card) => fs.writeFileSync(path.join(card, 'backend', 'config.json'), '[1, 2]'));
    expect(checkApp(copy, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(copy, 'elements', 'components', 'UserCard', 'backend', 'config.json'),
        line: 1,
        message: expect.stringMatching(/must be a mapping/),
      }),
    ]);
  });

  test('a backend folder that is an element of its own is CONFIG_INVALID at backendBundleEntry, and its code is not loaded', () => {
    const copy = copyWith((card) =>
      fs.writeFileSync(path.join(card, 'backend', 'e.json'), JSON.stringify({ title: 'Nested', type: 'components.StandardType' })),
    );
    expect(checkApp(copy, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'components.UserCard',
        path: 'backendBundleEntry',
        line: 4,
        message: expect.stringMatching(/the folder of a nested element/),
      }),
    ]);
  });

  test('a backend folder without index.ts or index.js is no module, as "." without one', async () => {
    const copy = copyWith((card) => fs.rmSync(path.join(card, 'backend', 'index.ts')));
    const app = await load(copy);
    const card = app.getElement<Partial<UserCard>>('components.UserCard');
    expect(card.databaseAlias).toBeUndefined();
    expect(card.config).toMatchObject({ database: { alias: 'Default' } });
  });
});
