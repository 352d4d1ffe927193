import { loadApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

test('an app extends a parent app installed as an npm package, found by its package name', async () => {
  const app = await loadApp(fixtureDir('pkg-host'), { dataDir: fixtureDir('pkg-host', '.no-data') });
  try {
    expect(app.chain.map((a) => a.appId)).toEqual(['test.PkgHost', 'acme.BaseApp', 'jittask.Core']);
    expect(app.chain[1]!.version).toBe('2.1.0');
    const svc = app.getElement<{ ping(): Promise<string> }>('services.BaseSvc');
    await expect(svc.ping()).resolves.toBe('pong from package');
  } finally {
    await app.close();
  }
});
