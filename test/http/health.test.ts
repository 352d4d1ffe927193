import { serveApp } from './serveApp';

describe('health', () => {
  test('/healthz is 200 while the process is up; /readyz is 200 once the scheduler runs and the database answers, 503 once the app closes', async () => {
    const served = await serveApp();
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${served.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
    const closing = served.app.close();
    const whileClosing = await fetch(`${served.url}/readyz`);
    expect(whileClosing.status).toBe(503);
    await served.clock.advance(10_000);
    await closing;
    expect((await fetch(`${served.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    await served.close();
  });

  test('/readyz is 503 while the scheduler has not started', async () => {
    const served = await serveApp({ start: false });
    const res = await fetch(`${served.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, reason: expect.stringMatching(/scheduler/) });
    await served.close();
  });

  test('/healthz and /readyz need no token when tokens are configured', async () => {
    const served = await serveApp({ tokens: [{ name: 'ops', token: 'admin-token-0123456789', role: 'admin' }] });
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${served.url}/metrics`)).status).toBe(401);
    await served.close();
  });
});
