import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, loadApp, type JitIssue } from 'jittask';
import { main } from '../../src/cli/main';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * `jittask check` is what a user runs before starting an app: every problem `loadApp` would refuse
 * must be in its one report, with file and line. These are problems it used to leave out.
 */

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** An app extending the task-app fixture (its services.Greeter) with the given files, written as they are. */
function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-check-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'app.yaml'), `appId: test.Check\nextends: [${JSON.stringify(fixtureDir('task-app'))}]\n`);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'elements', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elements', file), text);
  }
  return dir;
}

/** Runs `jittask check dir` in-process: its exit code and what it printed on stderr. */
async function check(dir: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'jittask', 'check', dir], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The issues as `code file:line:column path`, sorted, for exact comparison. */
function where(issues: JitIssue[]): string[] {
  return issues
    .map((i) => `${i.code} ${path.basename(path.dirname(i.file ?? ''))}/${path.basename(i.file ?? '')}:${i.line}:${i.column} ${i.path}`)
    .sort();
}

describe('a template with schema errors: its timerCfg errors are reported with them', () => {
  const broken = [
    'title: Broken',
    'type: tasks.NormalType',
    'funcType: Global',
    'func: services.Greeter.hello',
    'argDict: { name: x }',
    'timeout: -1',
    'retry: { maxAttempts: 0 }',
    'timerCfg:',
    '  startTime: "2025-13-01 09:00:00"',
    '  repeat: { repeatType: fortnight, period: 0 }',
    '',
  ].join('\n');

  test('check and loadApp list every problem at once, each at its line', async () => {
    const dir = writeApp({ 'tasks/Broken/e.yaml': broken });
    const expected = [
      'CONFIG_INVALID Broken/e.yaml:6:1 timeout',
      'CONFIG_INVALID Broken/e.yaml:7:10 retry.maxAttempts',
      'CONFIG_INVALID Broken/e.yaml:9:3 timerCfg.startTime',
      'CONFIG_INVALID Broken/e.yaml:10:13 timerCfg.repeat.repeatType',
    ].sort();
    expect(where(checkApp(dir))).toEqual(expected);
    const refused = await loadApp(dir, { dataDir: path.join(dir, 'appData') }).then(
      () => null,
      (e: { issues: JitIssue[] }) => e.issues,
    );
    expect(where(refused ?? [])).toEqual(expected);
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Broken[/\\]e\.yaml:9:3 \[CONFIG_INVALID\] timerCfg\.startTime: "2025-13-01 09:00:00" is not a time/);
    expect(r.err).toMatch(/Broken[/\\]e\.yaml:10:13 \[CONFIG_INVALID\] timerCfg\.repeat\.repeatType: must be one of/);
    expect(r.err).toContain('4 problem(s) found');
  });

  test('a timerCfg that is not an object is reported once, by the schema', () => {
    const dir = writeApp({
      'tasks/Broken/e.yaml': ['title: Broken', 'type: tasks.NormalType', 'timeout: -1', 'timerCfg: daily', ''].join('\n'),
    });
    expect(where(checkApp(dir))).toEqual(['CONFIG_INVALID Broken/e.yaml:3:1 timeout', 'CONFIG_INVALID Broken/e.yaml:4:1 timerCfg']);
  });
});

describe('an enabled template whose series has no occurrence at all', () => {
  const template = (timerCfg: string[], enable = true): string =>
    [
      'title: Never',
      'type: tasks.NormalType',
      `enable: ${enable}`,
      'funcType: Global',
      'func: services.Greeter.hello',
      'argDict: { name: x }',
      'timerCfg:',
      ...timerCfg.map((line) => `  ${line}`),
      '',
    ].join('\n');

  test('starting where the series end (the year 9999): CONFIG_INVALID at startTime, from check and loadApp', async () => {
    const dir = writeApp({ 'tasks/Never/e.yaml': template(['startTime: "9999-12-31 23:58:00"', 'repeat: { repeatType: minute }']) });
    const issues = checkApp(dir);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        fullName: 'tasks.Never',
        file: path.join(dir, 'elements/tasks/Never/e.yaml'),
        line: 8,
        column: 3,
        path: 'timerCfg.startTime',
        message: expect.stringMatching(/no occurrence at all.*never run/),
      }),
    ]);
    await expect(loadApp(dir, { dataDir: path.join(dir, 'appData') })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Never[/\\]e\.yaml:8:3 \[CONFIG_INVALID\] timerCfg\.startTime: .*no occurrence at all/);
  });

  test('an endTime before the first chosen day: CONFIG_INVALID at endTime, naming that day', () => {
    // 2024-01-02 is a Tuesday; the first Sunday after it is 2024-01-07.
    const dir = writeApp({
      'tasks/Never/e.yaml': template([
        'startTime: "2024-01-02 10:00:00"',
        'endTime: "2024-01-05 00:00:00"',
        'repeat: { repeatType: week, weekday: [7] }',
      ]),
    });
    expect(checkApp(dir)).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        line: 9,
        column: 3,
        path: 'timerCfg.endTime',
        message: expect.stringContaining('2024-01-07 10:00:00'),
      }),
    ]);
  });

  test('every occurrence on a holiday with skipHoliday: CONFIG_INVALID at startTime', () => {
    const dir = writeApp({
      'tasks/Never/e.yaml': template(['startTime: "2025-12-25 09:00:00"', 'skipHoliday: true', 'repeat: { repeatType: year }']),
    });
    fs.appendFileSync(path.join(dir, 'app.yaml'), 'settings:\n  holidays: ["12-25"]\n');
    expect(where(checkApp(dir))).toEqual(['CONFIG_INVALID Never/e.yaml:8:3 timerCfg.startTime']);
  });

  test('a disabled one, a series with a single occurrence that far, and one whose occurrences are all past are fine', () => {
    const dir = writeApp({
      'tasks/Disabled/e.yaml': template(['startTime: "9999-12-31 23:58:00"', 'repeat: { repeatType: minute }'], false),
      'tasks/Once/e.yaml': template(['startTime: "9999-12-31 23:58:00"']),
      'tasks/Past/e.yaml': template(['startTime: "2020-01-01 09:00:00"', 'endTime: "2020-01-03 09:00:00"', 'repeat: { repeatType: day }']),
    });
    expect(checkApp(dir)).toEqual([]);
  });
});

describe('a symlinked index.js or index.ts', () => {
  const service = ['title: Linked', 'type: services.NormalType', 'functionList:', '  - name: hi', ''].join('\n');
  const code = "module.exports = (Base) => class extends Base { async hi() { return 'hi from the link'; } };\n";

  test('pointing inside its own folder: followed, so check is OK and the function runs', async () => {
    const dir = writeApp({ 'services/Linked/e.yaml': service, 'services/Linked/impl/linked.js': code });
    fs.symlinkSync(path.join('impl', 'linked.js'), path.join(dir, 'elements/services/Linked/index.js'));
    expect(checkApp(dir)).toEqual([]);
    expect((await check(dir)).code).toBe(0);
    const app = await loadApp(dir, { dataDir: path.join(dir, 'appData') });
    try {
      expect(await app.getElement<{ hi(): Promise<string> }>('services.Linked').hi()).toBe('hi from the link');
    } finally {
      await app.close();
    }
  });

  test('a TypeScript module linked from index.ts inside the folder is followed too', async () => {
    const dir = writeApp({
      'services/Linked/e.yaml': service,
      'services/Linked/linked.ts':
        "export default (Base: new () => object) => class extends Base { async hi(): Promise<string> { return 'hi from ts'; } };\n",
    });
    fs.symlinkSync('linked.ts', path.join(dir, 'elements/services/Linked/index.ts'));
    expect(checkApp(dir)).toEqual([]);
  });

  test('pointing outside its folder: MODULE_INVALID at the link, and nothing is loaded', async () => {
    const dir = writeApp({ 'services/Linked/e.yaml': service });
    const outside = path.join(dir, 'outside.js');
    fs.writeFileSync(
      outside,
      "globalThis.__jtLoadedOutside = true;\nmodule.exports = (Base) => class extends Base { async hi() { return 'x'; } };\n",
    );
    const link = path.join(dir, 'elements/services/Linked/index.js');
    fs.symlinkSync(outside, link);
    expect(checkApp(dir)).toEqual([
      expect.objectContaining({
        code: 'MODULE_INVALID',
        fullName: 'services.Linked',
        file: link,
        message: expect.stringMatching(/symlink.*outside the element's folder/),
      }),
    ]);
    expect((globalThis as { __jtLoadedOutside?: boolean }).__jtLoadedOutside).toBeUndefined();
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[MODULE_INVALID]');
    expect(r.err).not.toContain('FUNCTION_NOT_FOUND');
  });

  test('pointing into a nested element, or nowhere: MODULE_INVALID at the link', () => {
    const dir = writeApp({
      'services/Linked/e.yaml': service,
      'services/Linked/Inner/e.yaml': service,
      'services/Linked/Inner/index.js': code,
      'services/Gone/e.yaml': service.replace('Linked', 'Gone'),
    });
    fs.symlinkSync(path.join('Inner', 'index.js'), path.join(dir, 'elements/services/Linked/index.js'));
    fs.symlinkSync('missing.js', path.join(dir, 'elements/services/Gone/index.js'));
    const issues = checkApp(dir);
    expect(issues.map((i) => [i.code, i.fullName])).toEqual([
      ['MODULE_INVALID', 'services.Gone'],
      ['MODULE_INVALID', 'services.Linked'],
    ]);
    expect(issues[0]!.message).toMatch(/leads nowhere/);
  });

  test('a code-only override folder with a symlinked index.js inside it is followed', async () => {
    const dir = writeApp({
      'services/Greeter/impl.js': "module.exports = (Base) => class extends Base { extra() { return 'extra'; } };\n",
    });
    fs.symlinkSync('impl.js', path.join(dir, 'elements/services/Greeter/index.js'));
    expect(checkApp(dir)).toEqual([]);
    const app = await loadApp(dir, { dataDir: path.join(dir, 'appData') });
    try {
      expect(app.getElement<{ extra(): string }>('services.Greeter').extra()).toBe('extra');
    } finally {
      await app.close();
    }
  });
});
