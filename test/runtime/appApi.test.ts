import * as path from 'node:path';
import { loadApp, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

// The properties and helpers of JitAi's App object ("App", jit.pro/docs/reference/runtime-platform/
// backend/applications/App): appKey "composed of appId and version, e.g.: wanyun.MyApp@1.0.0",
// envVars "key is variable name, value is variable value", app_hierarchy "including current
// application itself".
const dir = fixtureDir('jitai-selectors');
const rootDir = path.resolve(__dirname, '..', '..');

/** How JavaScript element code reads families off `app` (TypeScript types `App` without them). */
type WithFamilies = App & Record<string, Record<string, unknown> | undefined>;

let app: App;
beforeAll(async () => {
  app = await loadApp(dir, { env: { DB_PORT: '5432', UNRELATED_SECRET: 'not an app variable' } });
});
afterAll(() => app.close());

describe('App properties as JitAi names them', () => {
  test('appKey is appId@version', () => {
    expect(app.appKey).toBe('test.JitaiSelectors@2.1.0');
  });

  test('app_hierarchy is the appIds of the chain, self first', () => {
    expect(app.app_hierarchy).toEqual(['test.JitaiSelectors', 'test.JitaiBase', 'jittask.Core']);
  });

  test('envVars are the variables the chain declares, nearest app first, the environment over them', () => {
    expect(app.envVars).toEqual({ REPORT_DAY: 'monday', DB_HOST: '127.0.0.1', DB_PORT: '5432' });
  });

  test('getEnvVarsDefine() gives the declared defaults, without the environment', () => {
    expect(app.getEnvVarsDefine()).toEqual({ REPORT_DAY: 'monday', DB_HOST: '127.0.0.1', DB_PORT: '3306' });
  });

  test('namespaces are the families present, sorted', () => {
    expect(app.namespaces).toEqual(['databases', 'models', 'services', 'settings', 'tasks']);
  });

  test("getParentsMetadata() gives the parents' manifests, nearest first", () => {
    expect(app.getParentsMetadata()).toEqual([
      { appId: 'test.JitaiBase', version: '1.4.0', title: 'Selector base', dir: path.join(dir, 'base') },
      { appId: 'jittask.Core', version: '0.1.0', title: 'jittask', dir: rootDir },
    ]);
  });

  test('getAllElementsDefine() gives every merged definition, sorted by fullName', () => {
    const all = app.getAllElementsDefine();
    expect(all.map((d) => d.fullName)).toEqual([...all.map((d) => d.fullName)].sort((a, b) => a.localeCompare(b)));
    expect(all).toEqual(expect.arrayContaining([app.getElementDefine('services.TaskSvc'), app.getElementDefine('settings.Mail')]));
    expect(all).toHaveLength(app.allRecords().length);
  });
});

describe('app.<family>.<Name>', () => {
  test("is app.getElement of that fullName: an Instance, a Type, a parent app's element", () => {
    const jit = app as WithFamilies;
    expect(jit.services?.TaskSvc).toBe(app.getElement('services.TaskSvc'));
    expect(jit.services?.ReportSvc).toBe(app.getElement('services.ReportSvc'));
    expect(jit.services?.AuditedType).toBe(app.getElement('services.AuditedType'));
    expect(jit.tasks?.DailyReport).toBe(app.getElement('tasks.DailyReport'));
    expect(Object.keys(jit.services ?? {})).toEqual(['AuditedType', 'AuditSvc', 'Meta', 'NormalType', 'ReportSvc', 'TaskSvc']);
  });

  test('a family named like an App member does not shadow it: it is reached through getElement', () => {
    expect(app.settings).toEqual({ timezone: 'Europe/Berlin' });
    expect((app as WithFamilies).settings?.Mail).toBeUndefined();
    expect(app.getElement<{ config: unknown }>('settings.Mail').config).toEqual({ host: '127.0.0.1' });
  });
});
