import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datatypes, loadApp, ManualClock, type App, type ModelElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { log } from '../fixtures/jitai/app-object/elements/tasks/TestTimeTasks';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

// JitAi's "App" page (test/fixtures/jitai/app-object): "`app` is a global object that points to the
// current application's App object, requiring no imports", its properties, and its methods
// getAllElementsDefine, getEnvVarsDefine, getParentsMetadata, newVariable and registerGlobalVar as
// the page returns them. The Scheduled Tasks page's Quick Start uses that global `app` in its
// inner.py: it runs here as written.

const dir = fixtureDir('jitai', 'app-object');
const ROOT = path.resolve(__dirname, '..', '..');

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;
let app: App;

/** The global `app` as the page's code reads it. */
const globalApp = (): unknown => (globalThis as { app?: unknown }).app;
const globals = globalThis as Record<string, unknown>;

beforeEach(async () => {
  log.length = 0;
  clock = new ManualClock(Date.parse('2024-01-01T00:30:00Z')); // 08:30 in Shanghai
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-app-'));
  opened = await openTaskApp(dir, clock, dataDir);
  app = opened.app;
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the global app', () => {
  test('is the loaded App object, for code that uses it without an import', () => {
    expect(globalApp()).toBe(app);
    expect((globalApp() as App).appKey).toBe('wanyun.MyApp@1.0.0');
  });

  test("the Quick Start's inner.py runs as written: app.getElement and a Q query, at 09:00", async () => {
    const users = app.getElement<ModelElement>('models.UserModel');
    await users.create({ name: 'Ann', status: 'active' });
    await users.create({ name: 'Bob', status: 'inactive' });
    await users.create({ name: 'Cy', status: 'active' });
    await clock.advance(30 * 60_000);
    const [run] = await opened.svc.listTasks({ fullName: 'tasks.TestTimeTasks', status: 'completed' });
    expect(run).toMatchObject({ startTime: '2024-01-01 09:00:00', result: { status: 'success', processedCount: 2 } });
    expect(log).toEqual(['Scheduled task started', 'Processing user: Ann', 'Processing user: Cy', 'Scheduled task completed']);
  });
});

describe("the page's properties and the getElement tip", () => {
  test('appId, appKey, version, title, envVars, app_hierarchy, namespaces', () => {
    expect(app).toMatchObject({ appId: 'wanyun.MyApp', appKey: 'wanyun.MyApp@1.0.0', version: '1.0.0', title: 'My Application' });
    expect(app.envVars).toEqual({ DB_HOST: '127.0.0.1', DB_PORT: '3306' });
    expect(app.app_hierarchy).toEqual(['wanyun.MyApp', 'jittask.Core']);
    expect(app.namespaces).toEqual(expect.arrayContaining(['models', 'services', 'tasks']));
  });

  test('msgSvc = app.getElement("services.MsgSvc"); app.services.OpenMsgSvc.sendMsg(...)', async () => {
    const msgSvc = app.getElement<{ sendMsg(msg: string): Promise<unknown> }>('services.MsgSvc');
    expect(await msgSvc.sendMsg('Hello, World!')).toEqual({ sentBy: 'services.MsgSvc', msg: 'Hello, World!' });
    const sugar = app as unknown as { services: { OpenMsgSvc: { sendMsg(msg: string): Promise<unknown> } } };
    expect(await sugar.services.OpenMsgSvc.sendMsg('Hello, World!')).toEqual({ sentBy: 'services.OpenMsgSvc', msg: 'Hello, World!' });
  });
});

describe("the page's methods, with the page's return shapes", () => {
  test('getAllElementsDefine(): { fullName: define }, without loading code', () => {
    const all = app.getAllElementsDefine();
    expect(all['tasks.TestTimeTasks']).toMatchObject({ fullName: 'tasks.TestTimeTasks', title: 'Test Scheduled Task', funcType: 'Inner' });
    expect(all['services.MsgSvc']).toBe(app.getElementDefine('services.MsgSvc'));
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['models.CustomerModel', 'services.TaskSvc', 'tasks.NormalType']));
  });

  test('getEnvVarsDefine(): a list of definitions, parents included', () => {
    expect(app.getEnvVarsDefine()).toEqual([
      { name: 'DB_HOST', value: '127.0.0.1', appId: 'wanyun.MyApp' },
      { name: 'DB_PORT', value: '3306', appId: 'wanyun.MyApp' },
    ]);
  });

  test('getParentsMetadata(): { appKey: { appId, version } }, the app itself excluded', () => {
    expect(app.getParentsMetadata()).toEqual({
      'jittask.Core@0.1.0': { appId: 'jittask.Core', version: '0.1.0', title: 'jittask', dir: ROOT },
    });
  });
});

describe('newVariable(config, value): a data type object, as the page creates them', () => {
  test("the page's Stext, Ltext and Numeric variables", () => {
    const text = app.newVariable({ dataType: 'Stext' }, 'Hello, World!');
    expect(text).toBeInstanceOf(datatypes.Stext);
    expect(text.value).toBe('Hello, World!');
    expect(app.newVariable({ dataType: 'Ltext' }, 'Hello, World!')).toMatchObject({ dataType: 'Ltext', value: 'Hello, World!' });
    const number = app.newVariable({ dataType: 'Numeric' }, 123);
    expect(number).toBeInstanceOf(datatypes.Numeric);
    expect(number.value).toBe(123);
  });

  test("the page's JitDict, JitList and RowData variables keep their config as the object's name, title and params", () => {
    const dictVar = app.newVariable(
      {
        name: 'userInfo',
        title: 'User Information',
        dataType: 'JitDict',
        variableList: [
          { name: 'username', title: 'Username', dataType: 'Stext' },
          { name: 'age', title: 'Age', dataType: 'Numeric' },
        ],
      },
      { username: 'John', age: 18 },
    );
    expect(dictVar).toMatchObject({
      dataType: 'JitDict',
      name: 'userInfo',
      title: 'User Information',
      value: { username: 'John', age: 18 },
    });
    expect(dictVar.params.variableList).toHaveLength(2);

    const listVar = app.newVariable(
      {
        name: 'userList',
        title: 'User List',
        dataType: 'JitList',
        variableConfig: { dataType: 'JitDict', variableList: [{ name: 'username', title: 'Username', dataType: 'Stext' }] },
      },
      [{ username: 'John', age: 18 }],
    );
    expect(listVar).toMatchObject({ dataType: 'JitList', name: 'userList', value: [{ username: 'John', age: 18 }] });

    const rowDataVar = app.newVariable(
      { name: 'customerInfo', title: 'Customer Information', dataType: 'RowData', generic: 'models.CustomerModel' },
      { name: 'John', age: 18, gender: 'Male', phone: '13800138000', email: 'john@example.com' },
    );
    expect(rowDataVar).toMatchObject({ dataType: 'RowData', name: 'customerInfo' });
    expect(rowDataVar.value).toEqual({ name: 'John', age: 18, gender: 'Male', phone: '13800138000', email: 'john@example.com' });
    expect(rowDataVar.params.generic).toBe('models.CustomerModel');
  });

  test.each([
    ['a config that is not an object', 'Stext', 'x', 'config'],
    ['a config without dataType', {}, 'x', 'config'],
    ['an unknown dataType', { dataType: 'Text' }, 'x', 'config'],
    ['a maxLength on another type', { dataType: 'Numeric', maxLength: 3 }, 1, 'config'],
    ['a maxLength that is not a positive integer', { dataType: 'Stext', maxLength: -1 }, 'x', 'config'],
    ['a generic that names no model', { dataType: 'RowData', generic: 'models.Nope' }, {}, 'config'],
    ['a value of the wrong type', { dataType: 'Numeric' }, 'abc', 'value'],
    ['a text longer than its maxLength', { dataType: 'Stext', maxLength: 3 }, 'abcd', 'value'],
    ['a row with a field its model lacks', { dataType: 'RowData', generic: 'models.CustomerModel' }, { nickname: 'J' }, 'value'],
  ])('%s is API_PARAMS_ERROR naming the argument', (_, config, value, argument) => {
    expect(() => app.newVariable(config as Record<string, unknown>, value)).toThrow(
      expect.objectContaining({ code: 'API_PARAMS_ERROR', details: { argument } }),
    );
  });
});

describe('registerGlobalVar(name, value): a global variable of the process, for as long as the app is loaded', () => {
  afterEach(() => {
    delete globals.companyName;
  });

  test('defines it on globalThis and lists it in app.globals; closing the app removes it', async () => {
    app.registerGlobalVar('companyName', 'Acme');
    expect(globals.companyName).toBe('Acme');
    expect(app.globals).toEqual({ companyName: 'Acme' });
    app.registerGlobalVar('companyName', 'Acme Ltd');
    expect(globals.companyName).toBe('Acme Ltd');
    await opened.close();
    expect('companyName' in globals).toBe(false);
    opened = await openTaskApp(dir, clock, dataDir); // for afterEach
  });

  test.each([
    ['a name that is not an identifier', '1st', 1],
    ['a global the process has', 'process', 1],
    ["the runtime's app", 'app', 1],
    ['a name that is not a string', 42, 1],
    ['no value', 'companyName', undefined],
  ])('%s is API_PARAMS_ERROR, and nothing is defined', (_, name, value) => {
    const before = { process: globals.process, app: globals.app };
    expect(() => app.registerGlobalVar(name as string, value)).toThrow(expect.objectContaining({ code: 'API_PARAMS_ERROR' }));
    expect(app.globals).toEqual({});
    expect({ process: globals.process, app: globals.app }).toEqual(before);
    expect('companyName' in globals).toBe(false);
  });

  test("another loaded app's global is refused, and keeps its value", async () => {
    app.registerGlobalVar('companyName', 'Acme');
    const otherData = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-app-other-'));
    const other = await loadApp(fixtureDir('app-context'), { clock, dataDir: otherData });
    try {
      expect(() => other.registerGlobalVar('companyName', 'Other')).toThrow(
        expect.objectContaining({ code: 'API_PARAMS_ERROR', message: expect.stringMatching(/wanyun\.MyApp@1\.0\.0 registered it/) }),
      );
      expect(globals.companyName).toBe('Acme');
    } finally {
      await other.close();
      fs.rmSync(otherData, { recursive: true, force: true });
    }
  });
});
