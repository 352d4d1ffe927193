import * as path from 'node:path';
import { loadApp, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

interface Greeter {
  greet(who: string): Promise<string>;
}

describe('an app extending apps that extend jittask', () => {
  let c: App;
  beforeAll(async () => {
    c = await loadApp(fixtureDir('inherit', 'c'));
  });
  afterAll(() => c.close());

  test('the chain lists the app first, then its parents depth-first, each app once', () => {
    // C extends [B, D]; B and D both extend A; A extends jittask. A is reached through B first.
    expect(c.chain.map((a) => a.appId)).toEqual(['test.C', 'test.B', 'test.A', 'jittask.Core', 'test.D']);
    expect(c.chain[0]).toEqual({ appId: 'test.C', title: 'App C', version: '1.0.0', dir: fixtureDir('inherit', 'c') });
    expect(c.chain[2]?.version).toBe('1.2.0');
    // `extends: [jittask]` finds this repository through its package.json self-reference.
    expect(c.chain[3]?.dir).toBe(path.resolve(__dirname, '../..'));
    expect(c.appId).toBe('test.C');
  });

  test('settings come from the nearest app that sets them', () => {
    expect(c.timezone).toBe('Asia/Tokyo');
  });

  test('each level overrides: child keys win and config is merged key by key', () => {
    const define = c.getElementDefine('services.GreetSvc');
    expect(define.title).toBe('Greeter of C');
    expect(define.type).toBe('services.NormalType');
    expect(define.config).toEqual({ greeting: 'Hi', punctuation: '!', language: 'en' });
    expect(define.functionList).toEqual([
      { name: 'greet', args: [{ name: 'who', dataType: 'Stext', required: true }], returnType: 'Stext' },
    ]);
  });

  test("modules stack bottom-up: C's module wraps B's, which wraps A's", async () => {
    const greeter = c.getElement<Greeter>('services.GreetSvc');
    await expect(greeter.greet('Ann')).resolves.toBe('HI, ANN! (from C)');
  });

  test("an override whose type does not derive from the parent's type drops the parent's config", () => {
    const define = c.getElementDefine('services.Mailer');
    expect(define).toMatchObject({ title: 'Mailer', type: 'services.QueueType', config: { queue: 'mail' } });
    expect(define.config).not.toHaveProperty('host');
  });

  test('elements of every parent are visible, the second parent included', () => {
    expect(c.getElementDefine('services.FarewellSvc').config).toEqual({ word: 'Bye' });
    expect(c.getElementDefine('services.TaskSvc').title).toBe('Task Service');
  });
});

describe('a parent app loaded on its own', () => {
  test("does not see its children's overrides", async () => {
    const b = await loadApp(fixtureDir('inherit', 'b'));
    try {
      expect(b.chain.map((a) => a.appId)).toEqual(['test.B', 'test.A', 'jittask.Core']);
      expect(b.getElementDefine('services.GreetSvc').config).toEqual({ greeting: 'Hi', punctuation: '.', language: 'en' });
      await expect(b.getElement<Greeter>('services.GreetSvc').greet('Ann')).resolves.toBe('HI, ANN.');
      expect(b.getElementDefine('services.Mailer').config).toEqual({ host: 'smtp.a.example', port: 25 });
      expect(() => b.getElement('services.FarewellSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
    } finally {
      await b.close();
    }
  });
});
