import * as fs from 'node:fs';
import { loadApp, type ModelElement, type SqliteDatabaseElement } from 'jittask';
import { main } from '../../src/cli/main';
import { writeDateFieldApp } from '../fixtures/datefield-harness/writeDateFieldApp';

let dir: string;
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('jittask run shows a progress bar on stderr while it backfills a large table', async () => {
  // 12,000 meetings in 2099, written while no template followed the model.
  dir = writeDateFieldApp({ MeetingReminder: { enable: false } });
  const before = await loadApp(dir);
  await before.getElement<ModelElement>('models.Meeting').query(); // creates the table
  const db = before.getElement<SqliteDatabaseElement>('databases.Default').database;
  const insert = db.raw.prepare("INSERT INTO m_models_Meeting (title, startTime, status) VALUES (?, ?, 'confirmed')");
  await db.write(() => {
    for (let i = 0; i < 12_000; i++) insert.run(`Meeting ${i}`, Date.UTC(2099, 0, 1) + i * 60_000);
  });
  await before.close();
  writeDateFieldApp({}, dir);

  const out: string[] = [];
  const err: string[] = [];
  const running = main(['node', 'jittask', 'run', dir], { log: (l) => out.push(l), error: (l) => err.push(l) });
  while (!out.some((l) => l.includes('running'))) await new Promise((resolve) => setTimeout(resolve, 20));
  process.emit('SIGTERM');
  expect(await running).toBe(0);

  expect(err).toEqual([
    `backfill tasks.MeetingReminder [${'-'.repeat(30)}]   0%  0/12,000 rows`,
    `backfill tasks.MeetingReminder [${'#'.repeat(13)}${'-'.repeat(17)}]  41%  5,000/12,000 rows`,
    `backfill tasks.MeetingReminder [${'#'.repeat(25)}${'-'.repeat(5)}]  83%  10,000/12,000 rows`,
    `backfill tasks.MeetingReminder [${'#'.repeat(30)}] 100%  12,000/12,000 rows`,
  ]);
});
