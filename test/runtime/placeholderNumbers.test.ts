import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, JitError, loadApp } from 'jittask';
import { readSchedulerSettings } from '../../src/tasks/SchedulerSettings';

/**
 * A setting that expects a number and is filled in by a `{{PLACEHOLDER}}` gets text from the
 * environment. Only decimal text is a number: `Number()` would read "0x10" as 16 (a poll interval
 * of 16 s from what was meant as something else), "1e3" as 1000, "0b11" as 3 and "" as 0.
 */

/** An app extending jittask whose `settings.scheduler.pollInterval` (line 5) and `settings.http.port` (line 7) are placeholders. */
function writeApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-placeholder-numbers-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    [
      'appId: test.PlaceholderNumbers',
      'extends: [jittask]',
      'settings:',
      '  scheduler:',
      '    pollInterval: "{{JT_POLL}}"',
      '  http:',
      '    port: "{{JT_PORT}}"',
      '',
    ].join('\n'),
  );
  return dir;
}

let dir: string;
beforeAll(() => {
  dir = writeApp();
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a number filled in by a placeholder is decimal text only', () => {
  test.each(['0x10', '0X1F', '0o17', '0b11', '1e3', '2E-1', 'Infinity', '1_000', '16s', '.', '+', ' '])(
    '%j is CONFIG_INVALID at the setting, with file and line, for a duration and for a port',
    async (text) => {
      const issues = checkApp(dir, { JT_POLL: text, JT_PORT: text });
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'CONFIG_INVALID',
          file: path.join(dir, 'app.yaml'),
          line: 5,
          column: 5,
          path: 'settings.scheduler.pollInterval',
          message: expect.stringContaining(JSON.stringify(text)),
        }),
        expect.objectContaining({ code: 'CONFIG_INVALID', file: path.join(dir, 'app.yaml'), line: 7, path: 'settings.http.port' }),
      ]);
      await expect(loadApp(dir, { env: { JT_POLL: text, JT_PORT: text }, dataDir: path.join(dir, 'appData') })).rejects.toBeInstanceOf(
        JitError,
      );
    },
  );

  test.each([
    ['16', 16_000, 16],
    ['0.5', 500, 0],
    ['.25', 250, 8080],
    [' 2 ', 2000, 8080],
    ['+3', 3000, 8080],
  ])('%j is a number: it loads and the scheduler reads it as such', async (text, pollIntervalMs, port) => {
    const env = { JT_POLL: text, JT_PORT: String(port) };
    expect(checkApp(dir, env)).toEqual([]);
    const app = await loadApp(dir, { env, dataDir: path.join(dir, 'appData') });
    try {
      expect(readSchedulerSettings(app.settings.scheduler)).toMatchObject({ pollIntervalMs });
    } finally {
      await app.close();
    }
  });
});
