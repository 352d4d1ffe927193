import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * `jittask run` (the compiled command) exits within the grace period plus 2 s of SIGTERM or SIGINT,
 * whatever its task functions do, and a second signal exits at once. The task here never settles
 * and ignores its signal: before, its 12-hour timeout timer kept the process alive.
 */
const root = path.join(__dirname, '../..');

/** An app of the lease fixture with a grace period of `graceSeconds`, in a folder of its own. */
function appWithGrace(graceSeconds: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-shutdown-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({
      appId: 'test.Shutdown',
      title: 'Shutdown',
      extends: [fixtureDir('lease-app')],
      settings: { scheduler: { pollInterval: 0.2, leaseSeconds: 6, shutdownGraceSeconds: graceSeconds } },
    }),
  );
  return dir;
}

/** Starts `jittask run dir`, and resolves once its stuck task has started. */
async function runWithStuckTask(
  dir: string,
): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string; until(text: string): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/jittask.js'), 'run', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async (text: string): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "${text}" in:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until('running');
  // Another process of the app (this test) writes the task into the same database.
  const creator = await loadApp(dir);
  try {
    await creator
      .getElement<{ createTimerTask(...a: unknown[]): Promise<unknown> }>('services.TaskSvc')
      .createTimerTask('tasks.Once', new Date(), 'services.Gate.stubborn', 'tasks.NormalType', { key: 'never settles' });
  } finally {
    await creator.close();
  }
  await until('started  tasks.Once');
  return { child, exited, output: () => output, until };
}

test('SIGTERM: the command exits within the grace period plus 2 s though a task never settles', async () => {
  const { child, exited, output } = await runWithStuckTask(appWithGrace(1));
  const signalledAt = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  const tookMs = Date.now() - signalledAt;
  expect(code).toBe(0);
  expect(tookMs).toBeLessThan(1000 + 2000);
  expect(output()).toContain('SIGTERM: stopping');
}, 40_000);

test('a second SIGINT exits at once, without waiting for the grace period', async () => {
  const { child, exited, output, until } = await runWithStuckTask(appWithGrace(60));
  child.kill('SIGINT');
  await until('SIGINT: stopping');
  const signalledAt = Date.now();
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(Date.now() - signalledAt).toBeLessThan(2000);
  expect(output()).toContain('SIGINT again: exiting now');
}, 40_000);
