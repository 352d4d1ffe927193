import { isJitError, loadApp, type App, type JitError } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

// The fixture is written as JitAi writes apps (e.json definitions, a parent app, JitAi's family
// names); the selector forms are those of JitAi's `app.findElements` as the spec lists them.
let app: App;
beforeAll(async () => {
  app = await loadApp(fixtureDir('jitai-selectors'), { env: {} });
});
afterAll(() => app.close());

const names = (selector: string): string[] => app.findElementsDefine(selector).map((d) => d.fullName);

describe('selectors of findElementsDefine', () => {
  test.each([
    ['a fullName', 'services.ReportSvc', ['services.ReportSvc']],
    ['a fullName of a parent app', 'services.AuditedType', ['services.AuditedType']],
    ['an unknown fullName (well formed, so no error)', 'services.Nothing', []],
    [
      '.type: every element whose type chain passes through it, Types included',
      '.tasks.NormalType',
      ['tasks.DailyReport', 'tasks.DigestType', 'tasks.OneOff', 'tasks.WeeklyDigest'],
    ],
    [
      '.type across apps, the built-in TaskSvc included',
      '.services.NormalType',
      ['services.AuditedType', 'services.AuditSvc', 'services.ReportSvc', 'services.TaskSvc'],
    ],
    ['.type of a Type of a Type', '.tasks.DigestType', ['tasks.WeeklyDigest']],
    [
      'fullName*: the same set as .type',
      'services.NormalType*',
      ['services.AuditedType', 'services.AuditSvc', 'services.ReportSvc', 'services.TaskSvc'],
    ],
    ['the older X.type suffix: Instances only', 'tasks.NormalType.type', ['tasks.DailyReport', 'tasks.OneOff', 'tasks.WeeklyDigest']],
    ['the older family.* prefix', 'settings.*', ['settings.Mail', 'settings.Meta']],
    ['#key=value on a dotted path', '#timerCfg.repeat.repeatType=day', ['tasks.DailyReport']],
    ['#key=value on a number', '#config.level=3', ['services.AuditSvc']],
    ['#key=value on a boolean', '#enable=false', ['tasks.OneOff']],
    ['#key=value on a placeholder-filled string', '#config.host=127.0.0.1', ['settings.Mail']],
    ['#key>value compares numbers as numbers (600 > 90)', '#timeout>90', ['tasks.DailyReport']],
    ['#key<value', '#timeout<90', ['tasks.WeeklyDigest']],
    [
      '#key>value compares strings such as times in order',
      '#timerCfg.startTime>2024-01-01 08:00:00',
      ['tasks.DailyReport', 'tasks.OneOff'],
    ],
    [
      'selector:filter with != (an absent key is not equal)',
      '.tasks.NormalType:#timerCfg.repeat.repeatType!=day',
      ['tasks.DigestType', 'tasks.OneOff', 'tasks.WeeklyDigest'],
    ],
    [
      'selector:filter:filter (every filter applies)',
      'tasks.*:#func=services.ReportSvc.build:#timeout>0',
      ['tasks.DailyReport', 'tasks.WeeklyDigest'],
    ],
    ['a union, sorted, each once', 'tasks.OneOff, #config.level=3,tasks.OneOff', ['services.AuditSvc', 'tasks.OneOff']],
  ])('%s: %s', (_what, selector, expected) => {
    expect(names(selector)).toEqual(expected);
  });

  test('*fullName gives the elements of its type chain, nearest first', () => {
    expect(names('*services.AuditSvc')).toEqual(['services.AuditedType', 'services.NormalType', 'services.Meta']);
    expect(names('*tasks.WeeklyDigest:#title=Digest task')).toEqual(['tasks.DigestType']);
  });

  test('gives merged definitions, each with its fullName, and loads no code', () => {
    expect(app.findElementsDefine('services.AuditSvc')).toEqual([app.getElementDefine('services.AuditSvc')]);
    expect(app.findElementsDefine('services.AuditSvc')[0]).toMatchObject({
      fullName: 'services.AuditSvc',
      config: { level: 3, sink: '127.0.0.1' },
    });
  });
});

describe('findElements gives elements, as JitAi does', () => {
  test("an Instance's running object, a Type's or Meta's class", () => {
    const found = app.findElements('services.ReportSvc, services.AuditedType, services.Meta');
    // Sorted by fullName, like findElementsDefine: AuditedType, Meta, ReportSvc.
    expect(found).toEqual([app.getElement('services.AuditedType'), app.getElement('services.Meta'), app.getElement('services.ReportSvc')]);
    expect(found[2]).toBe(app.getElement('services.ReportSvc'));
    expect(typeof found[0]).toBe('function');
  });

  test('the same selectors, in the same order', () => {
    const selector = '.tasks.NormalType:#timerCfg.repeat.repeatType!=day';
    expect(app.findElements(selector)).toEqual(names(selector).map((n) => app.getElement(n)));
  });

  test('a task template found by a filter is the running template', () => {
    const [daily] = app.findElements<{ getNextRunTime(after?: string): string | null }>('#timerCfg.repeat.repeatType=day');
    expect(daily?.getNextRunTime('2024-03-01 10:00:00')).toBe('2024-03-02 09:00:00');
  });
});

describe('a malformed selector is an error, never []', () => {
  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['an empty part of a union', 'services.ReportSvc,,tasks.OneOff'],
    ['a trailing comma', 'services.ReportSvc,'],
    ['a lone dot', '.'],
    ['a lone star', '*'],
    ['stars on both sides', '*services.AuditSvc*'],
    ['a double star', '**services.AuditSvc'],
    ['a name ending in a dot', 'services.'],
    ['a space inside a name', 'services. ReportSvc'],
    ['one segment (a family is written family.*)', 'services'],
    ['a filter without an operator', '#timeout'],
    ['a filter without a key', '#=3'],
    ['a filter without a value', '#timeout>'],
    ['an unknown operator', '#timeout~=3'],
    ['a filter without #', 'tasks.*:timeout>3'],
    ['a filter with nothing before the colon', ':#timeout>3'],
    ['nothing after the colon', 'tasks.*:'],
    ['a dot in front of the older .type form', '.tasks.NormalType.type.'],
  ])('%s: %p', (_what, selector) => {
    for (const find of [(s: string) => app.findElementsDefine(s), (s: string) => app.findElements(s)]) {
      let caught: unknown;
      try {
        find(selector);
      } catch (err) {
        caught = err;
      }
      expect(isJitError(caught, 'API_PARAMS_ERROR')).toBe(true);
      expect((caught as JitError).message).toContain(JSON.stringify(selector));
      expect((caught as JitError).details.selector).toBe(selector);
    }
  });
});
