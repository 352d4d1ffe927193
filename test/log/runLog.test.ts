import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { checkApp, loadApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

// The log of `jittask run` (the compiled command) when a task fails with a message an attacker
// wrote: it must stay one line per record, in text and in JSON.

const root = path.join(__dirname, '../..');

/** What a hostile argument makes the task throw: a line that looks like a run of another template. */
const FORGED_LINE = 'ended    tasks.Forged  task=forged-task  status=completed  took=1 ms';
const MESSAGE = `boom\n${FORGED_LINE}\r\n${FORGED_LINE}`;

/** An app of the task fixture with `log` settings, in a folder of its own. */
function appWithLog(log: Record<string, unknown> | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-runlog-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    stringify({ appId: 'test.RunLog', title: 'Run log', extends: [fixtureDir('task-app')], settings: log ? { log } : {} }),
  );
  return dir;
}

/** Runs `jittask run dir`, has another process of the app write a task that fails with MESSAGE, and returns stdout once it ended. */
async function runFailingTask(dir: string, ended: RegExp): Promise<string> {
  const child = spawn(process.execPath, [path.join(root, 'bin/jittask.js'), 'run', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async (pattern: RegExp): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!pattern.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await until(/running/);
    const creator = await loadApp(dir);
    try {
      await creator
        .getElement<{ createTimerTask(...a: unknown[]): Promise<unknown> }>('services.TaskSvc')
        .createTimerTask('tasks.Daily', new Date(), 'services.Greeter.fail', 'tasks.NormalType', { message: MESSAGE });
    } finally {
      await creator.close();
    }
    await until(ended);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return stdout;
}

test("text log: a task's error message with line breaks cannot forge a line of the run log", async () => {
  const stdout = await runFailingTask(appWithLog(undefined), /ended\s+tasks\.Daily\s+task=\S+\s+status=error/);
  const lines = stdout.split('\n');
  expect(lines.filter((l) => l.includes('forged-task'))).toEqual([
    expect.stringMatching(
      /^ended {4}tasks\.Daily {2}task=\S+ {2}status=error {2}took=\d+ ms {2}message=boom\\nended {4}tasks\.Forged .*\\r\\nended/,
    ),
  ]);
  expect(lines.some((l) => l.startsWith('ended    tasks.Forged'))).toBe(false);
}, 40_000);

test('JSON log (settings.log.format: json): every line is one JSON object; the message keeps its line breaks as data', async () => {
  const stdout = await runFailingTask(appWithLog({ format: 'json' }), /"msg":"ended +tasks\.Daily"[^\n]*"status":"error"/);
  const records = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const failed = records.filter((r) => r.status === 'error');
  expect(failed).toEqual([
    expect.objectContaining({
      level: 'info',
      msg: expect.stringMatching(/^ended +tasks\.Daily$/),
      template: 'tasks.Daily',
      message: MESSAGE,
    }),
  ]);
  expect(records.some((r) => r.msg === `${FORGED_LINE}`)).toBe(false);
}, 40_000);

test('settings.log is checked when the app loads: an unknown format, level or key is CONFIG_INVALID at its line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-logsettings-'));
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    `appId: test.LogSettings
title: Log settings
extends: [${JSON.stringify(fixtureDir('task-app'))}]
settings:
  log:
    format: xml
    level: loud
    colour: blue
`,
  );
  const issues = checkApp(dir).map((i) => `${i.code} ${i.line} ${i.path}: ${i.message}`);
  expect(issues).toEqual([
    expect.stringMatching(/^CONFIG_INVALID 6 settings\.log\.format: must be text or json; got "xml"/),
    expect.stringMatching(/^CONFIG_INVALID 7 settings\.log\.level: must be error, warn, info or debug; got "loud"/),
    expect.stringMatching(/^CONFIG_INVALID 8 settings\.log\.colour: unknown key 'colour'/),
  ]);
  fs.writeFileSync(
    path.join(dir, 'app.yaml'),
    fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8').replace(/ {4}format[^]*$/, '    format: json\n    level: debug\n'),
  );
  expect(checkApp(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
