import { isJitError, loadApp, type App, type JitError } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

let app: App;
beforeAll(async () => {
  app = await loadApp(fixtureDir('element-api'));
});
afterAll(() => app.close());

const names = (selector: string): string[] => app.findElementsDefine(selector).map((d) => d.fullName);

describe('app.findElements', () => {
  test.each([
    ['a fullName', 'services.JsonSvc', ['services.JsonSvc']],
    ['an unknown fullName', 'services.Nothing', []],
    [
      'X.type: instances of a Type, through Types of that Type',
      'services.ReportType.type',
      ['services.SalesReport', 'services.StockReport'],
    ],
    ['X.type of a Type of a Type', 'services.PdfReportType.type', ['services.SalesReport']],
    [
      'a union, sorted, each once',
      'services.StockReport, services.PdfReportType.type,services.StockReport',
      ['services.SalesReport', 'services.StockReport'],
    ],
  ])('selects by %s', (_what, selector, expected) => {
    expect(names(selector)).toEqual(expected);
  });

  test('X.type of services.NormalType covers the built-in TaskSvc and every service of the app', () => {
    expect(names('services.NormalType.type')).toEqual([
      'services.JsonSvc',
      'services.LazySvc',
      'services.LifecycleSvc',
      'services.SalesReport',
      'services.SettingsSvc',
      'services.StockReport',
      'services.TaskSvc',
    ]);
  });

  test('family.* selects the whole family, Meta and Types included', () => {
    expect(names('services.*')).toEqual(
      expect.arrayContaining(['services.Meta', 'services.NormalType', 'services.PdfReportType', 'services.TaskSvc']),
    );
    expect(names('services.*')).not.toContain('tasks.Meta');
  });

  test('gives merged definitions, each with its fullName', () => {
    expect(app.findElementsDefine('services.JsonSvc')).toEqual([app.getElementDefine('services.JsonSvc')]);
  });
});

describe('app.getElementDefine', () => {
  test('gives the merged definition of a built-in element', () => {
    expect(app.getElementDefine('services.TaskSvc')).toMatchObject({
      fullName: 'services.TaskSvc',
      title: 'Task Service',
      type: 'services.NormalType',
      config: {},
    });
  });

  test('refuses an unknown name with ELEMENT_NOT_FOUND, nearest name first', () => {
    let caught: unknown;
    try {
      app.getElementDefine('services.TaskSrv');
    } catch (err) {
      caught = err;
    }
    expect(isJitError(caught, 'ELEMENT_NOT_FOUND')).toBe(true);
    expect((caught as JitError).details.suggestions).toEqual(expect.arrayContaining(['services.TaskSvc']));
    expect(((caught as JitError).details.suggestions as string[])[0]).toBe('services.TaskSvc');
  });
});
