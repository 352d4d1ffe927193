import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const root = path.join(__dirname, '../..');
const taskApp = path.join(root, 'test/fixtures/task-app');

/** Runs the CLI in-process and collects what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'jittask', ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

/** A copy of an app folder in a temp dir, so its appData starts empty. */
function copyApp(dir: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-cli-'));
  fs.cpSync(dir, target, { recursive: true, filter: (src) => !src.includes('appData') });
  return target;
}

describe('jittask check', () => {
  test('a valid app passes with exit code 0', async () => {
    const r = await cli('check', taskApp);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('OK');
  });

  test('a broken app prints every problem with file and line, exit code 1', async () => {
    const dir = copyApp(taskApp);
    fs.writeFileSync(
      path.join(dir, 'elements/tasks/Daily/e.yaml'),
      'title: Daily\ntype: tasks.NormalType\nfunc: services.Greeter.hello\ntittle: typo\ntimerCfg:\n  startTime: "2025-01-01 09:00:00"\n',
    );
    fs.writeFileSync(path.join(dir, 'elements/tasks/Inner/e.yaml'), 'title: [unclosed\n');
    const r = await cli('check', dir);
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    expect(text).toMatch(/Daily[/\\]e\.yaml:4:1 \[CONFIG_INVALID\] tittle: unknown key 'tittle'/);
    expect(text).toMatch(/Inner[/\\]e\.yaml:\d+:\d+ \[CONFIG_INVALID\]/);
    expect(text).toContain('2 problem(s) found');
  });
});

describe('jittask elements', () => {
  test('prints the tree Meta → Type → Instance with the app each comes from', async () => {
    const r = await cli('elements', copyApp(taskApp));
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/^services\.Meta \[Meta\]/m);
    expect(text).toMatch(/^ {2}services\.NormalType \[Type\]/m);
    expect(text).toMatch(/^ {4}services\.Greeter \[Instance\] "Greeter"\s+\(test\.TaskApp\)/m);
    expect(text).toMatch(/^ {4}services\.TaskSvc \[Instance\] "Task Service"\s+\(jittask\.Core\)/m);
  });
});

describe('jittask templates and tasks', () => {
  test('lists templates, tasks, shows one and force-ends it', async () => {
    const dir = copyApp(taskApp);
    const templates = await cli('templates', 'daily', '-a', dir);
    expect(templates.code).toBe(0);
    expect(templates.out.join('\n')).toMatch(/tasks\.Daily\s+Daily greeting\s+tasks\.NormalType\s+day\s+yes/);
    expect(templates.out.join('\n')).not.toContain('tasks.Inner');

    // The scheduler has not run in this app yet, so there are no tasks…
    const empty = await cli('tasks', dir);
    expect(empty.out).toHaveLength(2); // header and rule only

    // …until one is created through the service.
    const { loadApp } = await import('jittask');
    const app = await loadApp(dir);
    const svc = app.getElement<{ createTimerTask(...a: unknown[]): Promise<{ taskId: string }> }>('services.TaskSvc');
    const { taskId } = await svc.createTimerTask('tasks.Daily', '2099-01-01 09:00:00', 'services.Greeter.hello', 'tasks.NormalType', {
      name: 'x',
    });
    await app.close();

    const listed = await cli('tasks', dir, '--status', 'pending');
    expect(listed.out.join('\n')).toMatch(new RegExp(`${taskId}\\s+tasks\\.Daily\\s+2099-01-01 09:00:00\\s+pending`));
    const shown = await cli('tasks', 'show', taskId, '-a', dir);
    expect(JSON.parse(shown.out.join('\n'))).toMatchObject({ taskId, status: 'pending', argDict: { name: 'x' } });
    const ended = await cli('tasks', 'end', taskId, '-a', dir);
    expect(JSON.parse(ended.out.join('\n'))).toMatchObject({ taskId, status: 'forcedEnd', previousStatus: 'pending' });
    const unknown = await cli('tasks', 'show', 'no-such-task', '-a', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toContain('[TASK_NOT_FOUND]');
  });
});

describe('jittask run (the compiled command, as npm start runs it)', () => {
  test('runs the demo: timer tasks fire within seconds, SIGTERM stops it cleanly', async () => {
    const dir = copyApp(path.join(root, 'examples/demo'));
    const child = spawn(process.execPath, [path.join(root, 'bin/jittask.js'), 'run', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait (bounded) for the three reminders; the demo schedules them 2, 4 and 6 s after start.
    const deadline = Date.now() + 25_000;
    while (!output.includes('>>> reminder due 6 s after start') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/started\s+tasks\.Heartbeat\s+task=\S+\s+due=\S+ \S+\s+late=\d+ ms/);
    expect(output).toMatch(/ended\s+tasks\.Heartbeat\s+task=\S+\s+status=completed\s+took=\d+ ms/);
    for (const s of [2, 4, 6]) expect(output).toContain(`>>> reminder due ${s} s after start`);
    expect(output).toContain('[call] services.NotifySvc.send'); // the demo's NormalType override wraps every call
    expect(output).toContain('SIGTERM: stopping');
  }, 40_000);
});
