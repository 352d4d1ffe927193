import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadApp, ManualClock, type TaskServiceApi } from 'jittask';
import { runs } from '../../fixtures/lease-app/elements/services/Gate';
import { fixtureDir } from '../../fixtures/fixtureDir';

afterEach(() => {
  runs.length = 0;
});

test("every task the process writes is reported created: a call's, and the next occurrence a run's end writes", async () => {
  const clock = new ManualClock(Date.UTC(2025, 2, 1, 8, 0, 30));
  const app = await loadApp(fixtureDir('lease-app-busy'), { clock, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jt-created-')) });
  const svc = app.getElement<{ service: TaskServiceApi; createTimerTask(...a: unknown[]): Promise<unknown> }>('services.TaskSvc');
  const created: string[] = [];
  svc.service.onCreated((fullName) => created.push(fullName));
  await app.start();
  await svc.createTimerTask('tasks.Once', '2025-03-01 09:00:00', 'services.Gate.pass', 'tasks.NormalType', { key: 'later' });
  expect(created).toEqual(['tasks.Once']);

  await clock.advance(30_000); // 08:01:00: the minutely series runs
  runs.find((r) => r.key === 'minutely')!.open('done');
  await clock.advance(0);
  expect(created).toEqual(['tasks.Once', 'tasks.Minutely']);
  const closing = app.close();
  await clock.advance(2000);
  await closing;
});
