import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, type App, type ElementBase } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

// JitAi's "Element" page (test/fixtures/jitai/element-object): the object app.getElement gives has
// appId, version, define, fullName, name, elementType and app, and getFile(filename, isBinary) reads
// a file of the element. Only the element's own files are read.

const dir = fixtureDir('jitai', 'element-object');
let dataDir: string;
let app: App;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-element-'));
  app = await loadApp(dir, { dataDir });
});

afterEach(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the page's properties", () => {
  test('models.UserModel of wanyun.MyApp 1.0.0: name UserModel, elementType models.NormalType', () => {
    const user = app.getElement<ElementBase>('models.UserModel');
    expect(user).toMatchObject({
      appId: 'wanyun.MyApp',
      version: '1.0.0',
      fullName: 'models.UserModel',
      name: 'UserModel',
      elementType: 'models.NormalType',
    });
    expect(user.define).toBe(app.getElementDefine('models.UserModel'));
    expect(user.app).toBe(app);
  });

  test('appId and version are those of the app whose folder holds the nearest definition', () => {
    expect(app.getElement<ElementBase>('services.AuditSvc')).toMatchObject({
      appId: 'wanyun.BaseApp',
      version: '1.2.0',
      name: 'AuditSvc',
      elementType: 'services.NormalType',
    });
    const taskSvc = app.getElement<ElementBase>('services.TaskSvc');
    expect(taskSvc).toMatchObject({ appId: 'jittask.Core', version: app.chain.at(-1)!.version, name: 'TaskSvc' });
    expect(app.getElement<ElementBase>('models.UserModel.Profile').name).toBe('Profile');
  });
});

describe('getFile(filename, isBinary)', () => {
  const user = (): ElementBase => app.getElement<ElementBase>('models.UserModel');

  test("reads a file of the element as text, the child app's copy before the parent's", () => {
    expect(user().getFile('templates/welcome.txt')).toBe('Welcome, {name}!\n');
    expect(user().getFile('schema.sql')).toBe('CREATE TABLE users (name TEXT);\n');
    expect(user().getFile('./templates/../schema.sql')).toBe('CREATE TABLE users (name TEXT);\n');
  });

  test('with isBinary, a Buffer of the bytes', () => {
    const logo = user().getFile('logo.png', true);
    expect(Buffer.isBuffer(logo)).toBe(true);
    expect([...logo]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);
    expect(user().getFile('templates/welcome.txt', true).toString('utf8')).toBe('Welcome, {name}!\n');
  });

  test.each([
    ['a path out of the folder', '../CustomerModel/e.json'],
    ['an absolute path', path.join(dir, 'elements', 'models', 'UserModel', 'e.json')],
    ["a nested element's file", 'Profile/e.json'],
    ['a file the element does not have', 'missing.txt'],
    ['a folder', 'templates'],
    ['an empty path', ''],
    ['a path that is not a string', 42],
  ])('%s is API_PARAMS_ERROR', (_, relativePath) => {
    expect(() => user().getFile(relativePath as string)).toThrow(
      expect.objectContaining({ code: 'API_PARAMS_ERROR', details: { argument: 'relativePath' } }),
    );
  });

  test('an isBinary that is not true or false is API_PARAMS_ERROR', () => {
    expect(() => user().getFile('schema.sql', 'yes' as unknown as boolean)).toThrow(
      expect.objectContaining({ code: 'API_PARAMS_ERROR', details: { argument: 'isBinary' } }),
    );
  });
});

test("a symlink in the element's folder that leads out of it is not followed: API_PARAMS_ERROR", async () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitai-element-copy-'));
  try {
    fs.cpSync(dir, path.join(copy, 'app'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'secret.txt'), "not the element's");
    const folder = path.join(copy, 'app', 'elements', 'models', 'UserModel');
    fs.symlinkSync(path.join(copy, 'secret.txt'), path.join(folder, 'secret.txt'));
    fs.symlinkSync(path.join(folder, 'templates', 'welcome.txt'), path.join(folder, 'greeting.txt'));
    const copied = await loadApp(path.join(copy, 'app'), { dataDir: path.join(copy, 'data') });
    try {
      const user = copied.getElement<ElementBase>('models.UserModel');
      expect(() => user.getFile('secret.txt')).toThrow(
        expect.objectContaining({ code: 'API_PARAMS_ERROR', message: expect.stringMatching(/outside the element's folder/) }),
      );
      // A link that stays inside the folder is read.
      expect(user.getFile('greeting.txt')).toBe('Welcome, {name}!\n');
    } finally {
      await copied.close();
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
