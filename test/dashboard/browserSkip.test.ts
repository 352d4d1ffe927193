import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// A newcomer's `npm test` on a machine without Chromium: the browser tests are left out with one
// notice on stderr, and JITTASK_REQUIRE_BROWSER=1 (as in CI) keeps them in, so they fail instead.

const root = path.join(__dirname, '..', '..');

function listTests(env: Record<string, string>): { files: string[]; stderr: string } {
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  expect(run.status).toBe(0);
  return { files: run.stdout.split('\n').filter((line) => line.endsWith('.test.ts')), stderr: run.stderr };
}

const browserFiles = ['dashboard.test.ts', 'paging.test.ts', 'viewer.test.ts', 'views.test.ts'].map((name) =>
  path.join(root, 'test', 'dashboard', name),
);

test('without Chromium the browser test files are skipped with one notice', () => {
  const { files, stderr } = listTests({ JITTASK_CHROMIUM: '/nonexistent/chromium', JITTASK_REQUIRE_BROWSER: '' });
  for (const file of browserFiles) expect(files).not.toContain(file);
  expect(files).toContain(path.join(root, 'test', 'http', 'dashboardApi.test.ts'));
  expect(stderr.match(/Chromium is not at \/nonexistent\/chromium: skipping \d+ browser test files/g)).toHaveLength(1);
});

test('JITTASK_REQUIRE_BROWSER=1 keeps them, so a missing browser fails the run', () => {
  const { files, stderr } = listTests({ JITTASK_CHROMIUM: '/nonexistent/chromium', JITTASK_REQUIRE_BROWSER: '1' });
  for (const file of browserFiles) expect(files).toContain(file);
  expect(stderr).not.toMatch(/skipping/);
});
