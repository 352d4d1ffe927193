import { isJitError, loadApp, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

interface Fn {
  (): Promise<string>;
}

describe('accessModifier', () => {
  let child: App;
  beforeAll(async () => {
    child = await loadApp(fixtureDir('access', 'child'));
  });
  afterAll(() => child.close());

  test("a parent's private element is ELEMENT_NOT_FOUND from the child, and not listed", () => {
    let caught: unknown;
    try {
      child.getElement('services.VaultSvc');
    } catch (err) {
      caught = err;
    }
    expect(isJitError(caught, 'ELEMENT_NOT_FOUND')).toBe(true);
    expect(() => child.getElementDefine('services.VaultSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
    expect(child.findElementsDefine('services.*').map((d) => d.fullName)).not.toContain('services.VaultSvc');
  });

  test("the parent's own public element still uses its private one", async () => {
    const front = child.getElement<{ reveal: Fn }>('services.FrontSvc');
    await expect(front.reveal()).resolves.toBe('vault says s3cr3t');
  });

  test("a parent's protected element is usable by the child, directly and through @inject", async () => {
    await expect(child.getElement<{ hello: Fn }>('services.LockedSvc').hello()).resolves.toBe('hello from services.LockedSvc');
    await expect(child.getElement<{ greet: Fn }>('services.ChildSvc').greet()).resolves.toBe('child relays: hello from services.LockedSvc');
  });

  test('an app sees its own private elements', async () => {
    const parent = await loadApp(fixtureDir('access', 'parent'));
    try {
      await expect(parent.getElement<{ secret: Fn }>('services.VaultSvc').secret()).resolves.toBe('s3cr3t');
    } finally {
      await parent.close();
    }
  });
});
