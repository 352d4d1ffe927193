import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { app as packageApp, App, loadApp, ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

// JitAi's element code reaches its app without being handed it: `self.app` in elements, and in
// task code (its inner.py) the global `app`. jittask gives element code `this.app`, `ctx.app`,
// `currentTask().app`, the package's `app` (the app whose code is running) and, while exactly one
// app is loaded, the global `app`. Two apps in one process each see their own.

const START = Date.parse('2025-03-01T08:00:00Z');

/** What tasks.WhoAmI reports. */
interface WhoAmI {
  ctxApp: string | null;
  currentTaskApp: string | null;
  packageApp: string;
  globalApp: string | null;
  sameObject: boolean;
  service: { thisApp: string; packageApp: string };
}

/** What `read` throws (it must throw). */
function thrownBy(read: () => unknown): unknown {
  try {
    read();
  } catch (err) {
    return err;
  }
  throw new Error('expected it to throw');
}

/** The global `app` as element code reads it. */
const globalApp = (): unknown => (globalThis as { app?: unknown }).app;

interface Probe {
  seen(): Promise<{ thisApp: string; packageApp: string }>;
  packageAppKey(): string;
}

let clock: ManualClock;
const dataDirs: string[] = [];
const opened: OpenTaskApp[] = [];

async function open(dir: string): Promise<OpenTaskApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-appctx-'));
  dataDirs.push(dataDir);
  const one = await openTaskApp(dir, clock, dataDir);
  opened.push(one);
  return one;
}

async function close(one: OpenTaskApp): Promise<void> {
  opened.splice(opened.indexOf(one), 1);
  await one.close();
}

/** Runs tasks.WhoAmI of `one` now and returns what its code saw. */
async function runWhoAmI(one: OpenTaskApp): Promise<WhoAmI> {
  const created = await one.svc.createTimerTask('tasks.WhoAmI', new Date(clock.now()), 'whoAmI', 'tasks.NormalType');
  for (let i = 0; i < 20; i++) {
    const task = await one.svc.getTask(created.taskId);
    if (task.status === 'completed') return task.result as unknown as WhoAmI;
    if (task.status !== 'pending' && task.status !== 'running') throw new Error(`WhoAmI ended ${task.status}: ${task.error?.message}`);
    await clock.advance(0);
  }
  throw new Error('WhoAmI did not end');
}

beforeEach(() => {
  clock = new ManualClock(START);
});

afterEach(async () => {
  for (const one of [...opened].reverse()) await close(one);
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('one app loaded', () => {
  test('task code finds it as ctx.app, currentTask().app, the package app and the global app; a service as this.app', async () => {
    const one = await open(fixtureDir('app-context'));
    expect(await runWhoAmI(one)).toEqual({
      ctxApp: 'test.AppContext@1.0.0',
      currentTaskApp: 'test.AppContext@1.0.0',
      packageApp: 'test.AppContext@1.0.0',
      globalApp: 'test.AppContext@1.0.0',
      sameObject: true,
      service: { thisApp: 'test.AppContext@1.0.0', packageApp: 'test.AppContext@1.0.0' },
    });
  });

  test('the global app is the App object itself; the package app stands for it (instanceof App, its members bound)', async () => {
    const one = await open(fixtureDir('app-context'));
    expect(globalApp()).toBe(one.app);
    expect(packageApp).toBeInstanceOf(App);
    expect(packageApp.appKey).toBe('test.AppContext@1.0.0');
    const { getElement } = packageApp;
    expect(getElement('services.Probe')).toBe(one.app.getElement('services.Probe'));
    expect(packageApp.getElement).toBe(getElement);
    expect('getElement' in packageApp).toBe(true);
  });

  test('settings.globalApp: false leaves the global undefined; the package app still works', async () => {
    const one = await open(fixtureDir('app-context', 'no-global'));
    expect(globalApp()).toBeUndefined();
    expect(await runWhoAmI(one)).toMatchObject({ globalApp: null, packageApp: 'test.AppContextNoGlobal@1.0.0' });
  });

  test('a global app that something else defined is neither replaced nor removed', async () => {
    const theirs = { mine: true };
    Object.defineProperty(globalThis, 'app', { value: theirs, writable: true, configurable: true });
    try {
      const one = await open(fixtureDir('app-context'));
      expect(globalApp()).toBe(theirs);
      await close(one);
      expect(globalApp()).toBe(theirs);
    } finally {
      delete (globalThis as { app?: unknown }).app;
    }
  });
});

describe('two apps in one process', () => {
  test("each app's task code and service code see their own app; the global is removed while both are loaded", async () => {
    const a = await open(fixtureDir('app-context'));
    expect(globalApp()).toBe(a.app);
    const b = await open(fixtureDir('app-context', 'b'));
    expect(globalApp()).toBeUndefined();

    const keyA = 'test.AppContext@1.0.0';
    const keyB = 'test.AppContextB@1.0.0';
    const [seenA, seenB] = await Promise.all([runWhoAmI(a), runWhoAmI(b)]);
    expect(seenA).toEqual({
      ctxApp: keyA,
      currentTaskApp: keyA,
      packageApp: keyA,
      globalApp: null,
      sameObject: true,
      service: { thisApp: keyA, packageApp: keyA },
    });
    expect(seenB).toEqual({
      ctxApp: keyB,
      currentTaskApp: keyB,
      packageApp: keyB,
      globalApp: null,
      sameObject: true,
      service: { thisApp: keyB, packageApp: keyB },
    });

    // Host code calling an element straight runs that element's code as its app's.
    expect(a.app.getElement<Probe>('services.Probe').packageAppKey()).toBe(keyA);
    expect(b.app.getElement<Probe>('services.Probe').packageAppKey()).toBe(keyB);
    expect(await b.app.getElement<Probe>('services.Probe').seen()).toEqual({ thisApp: keyB, packageApp: keyB });
    // Outside both, the package app cannot tell which is meant.
    expect(thrownBy(() => packageApp.appKey)).toMatchObject({ code: 'APP_CLOSED', message: expect.stringMatching(/2 apps are loaded/) });
  });

  test('closing one restores the global to the other; closing both removes it, and the package app is APP_CLOSED', async () => {
    const a = await open(fixtureDir('app-context'));
    const b = await open(fixtureDir('app-context', 'b'));
    await close(a);
    expect(globalApp()).toBe(b.app);
    expect(packageApp.appKey).toBe('test.AppContextB@1.0.0');
    expect(await runWhoAmI(b)).toMatchObject({ globalApp: 'test.AppContextB@1.0.0' });
    await close(b);
    expect(globalApp()).toBeUndefined();
    expect(thrownBy(() => packageApp.getElement('services.Probe'))).toMatchObject({ code: 'APP_CLOSED', message: /no app is loaded/ });
  });

  test('an app that fails to load does not count as loaded', async () => {
    const a = await open(fixtureDir('app-context'));
    await expect(loadApp(fixtureDir('broken-unknown-key'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(globalApp()).toBe(a.app);
  });
});

describe('settings.globalApp is checked when the app loads', () => {
  test.each([['"no"'], ['0'], ['[]']])('globalApp: %s is CONFIG_INVALID at its line, and nothing is loaded', async (value) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-globalapp-'));
    dataDirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'app.yaml'),
      ['appId: test.BadGlobalApp', 'title: Bad', 'extends: [jittask]', 'settings:', `  globalApp: ${value}`, ''].join('\n'),
    );
    await expect(loadApp(dir)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      issues: [
        expect.objectContaining({
          file: path.join(fs.realpathSync(dir), 'app.yaml'),
          line: 5,
          path: 'settings.globalApp',
          message: expect.stringMatching(/must be true or false/),
        }),
      ],
    });
    expect(globalApp()).toBeUndefined();
  });
});
