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

  test("getEnvVarsDefine() lists the declared defaults, parents' included, without the environment", () => {
    // JitAi's App page: "List of environment variable definitions", List[Dict[str, Any]]. The
    // parent's DB_HOST (db.internal) is the child's default here: the nearest app's is in effect.
    expect(app.getEnvVarsDefine()).toEqual([
      { name: 'REPORT_DAY', value: 'monday', appId: 'test.JitaiSelectors' },
      { name: 'DB_HOST', value: '127.0.0.1', appId: 'test.JitaiSelectors' },
      { name: 'DB_PORT', value: '3306', appId: 'test.JitaiBase' },
    ]);
  });

  test('namespaces are the families present, sorted', () => {
    expect(app.namespaces).toEqual(['databases', 'models', 'services', 'settings', 'tasks']);
  });

  test("getParentsMetadata() gives the parents' manifests keyed by appKey, nearest first", () => {
    // JitAi's App page: "key is appKey and value is Dict (containing fields: appId, version)".
    const parents = app.getParentsMetadata();
    expect(Object.keys(parents)).toEqual(['test.JitaiBase@1.4.0', 'jittask.Core@0.1.0']);
    expect(parents).toEqual({
      'test.JitaiBase@1.4.0': { appId: 'test.JitaiBase', version: '1.4.0', title: 'Selector base', dir: path.join(dir, 'base') },
      'jittask.Core@0.1.0': { appId: 'jittask.Core', version: '0.1.0', title: 'jittask', dir: rootDir },
    });
  });

  test('getAllElementsDefine() gives every merged definition keyed by fullName, in fullName order', () => {
    // JitAi's App page: "key is element fullName and value is Dict[str, Any]".
    const all = app.getAllElementsDefine();
    const names = Object.keys(all);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(all['services.TaskSvc']).toEqual(app.getElementDefine('services.TaskSvc'));
    expect(all['settings.Mail']).toEqual(app.getElementDefine('settings.Mail'));
    expect(names).toHaveLength(app.allRecords().length);
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
