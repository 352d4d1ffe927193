import { isJitError, JitError, loadApp, ServiceElement, type App } from 'jittask';
import { callLog } from '../fixtures/callLog';
import { fixtureDir } from '../fixtures/fixtureDir';

const dir = fixtureDir('element-api');

interface Report extends ServiceElement {
  describe(): string;
}

beforeEach(() => {
  callLog.length = 0;
});

describe('app.getElement', () => {
  let app: App;
  beforeAll(async () => {
    app = await loadApp(dir);
  });
  afterAll(() => app.close());

  test('is synchronous and gives one instance per app', () => {
    const first = app.getElement<ServiceElement>('services.StockReport');
    expect(first).not.toBeInstanceOf(Promise);
    expect(first).toBeInstanceOf(ServiceElement);
    expect(app.getElement('services.StockReport')).toBe(first);
  });

  test('an Instance carries fullName, title, define, config and app', () => {
    const svc = app.getElement<ServiceElement>('services.JsonSvc');
    expect(svc.fullName).toBe('services.JsonSvc');
    expect(svc.title).toBe('JSON Service');
    expect(svc.define).toEqual(app.getElementDefine('services.JsonSvc'));
    expect(svc.define).toMatchObject({ fullName: 'services.JsonSvc', type: 'services.NormalType', tags: ['json'] });
    expect(svc.config).toEqual({ answer: 42 });
    expect(svc.app).toBe(app);
  });

  test('a Type gives its class, which its instances (and Types of that Type) extend', () => {
    const ReportType = app.getElement<typeof ServiceElement>('services.ReportType');
    const PdfReportType = app.getElement<typeof ServiceElement>('services.PdfReportType');
    expect(typeof ReportType).toBe('function');
    // PdfReportType has no module, yet a class of its own: instanceof follows the type chain.
    expect(PdfReportType.prototype).toBeInstanceOf(ReportType);
    const sales = app.getElement<Report>('services.SalesReport');
    const stock = app.getElement<Report>('services.StockReport');
    expect(sales).toBeInstanceOf(PdfReportType);
    expect(stock).toBeInstanceOf(ReportType);
    expect(stock).not.toBeInstanceOf(PdfReportType);
    expect(sales.describe()).toBe('Sales report (services.SalesReport)');
  });

  test("a Meta gives its family's root class", () => {
    expect(app.getElement('services.Meta')).toBe(ServiceElement);
  });

  test('an unknown name is ELEMENT_NOT_FOUND with the nearest names suggested', () => {
    let caught: unknown;
    try {
      app.getElement('services.StockReprt');
    } catch (err) {
      caught = err;
    }
    expect(isJitError(caught, 'ELEMENT_NOT_FOUND')).toBe(true);
    const err = caught as JitError;
    expect(err.fullName).toBe('services.StockReprt');
    expect(err.details.suggestions).toEqual(expect.arrayContaining(['services.StockReport']));
    expect(err.message).toContain('did you mean services.StockReport');
  });

  test('two loaded apps have separate instances', async () => {
    const other = await loadApp(dir);
    try {
      const mine = app.getElement<ServiceElement>('services.JsonSvc');
      const theirs = other.getElement<ServiceElement>('services.JsonSvc');
      expect(theirs).not.toBe(mine);
      expect(theirs.app).toBe(other);
    } finally {
      await other.close();
    }
  });
});

describe('element life cycle', () => {
  test('startUp elements are loaded (onLoad awaited) by loadApp, others on first getElement; close unloads in reverse', async () => {
    const app = await loadApp(dir);
    expect(callLog).toEqual(['load services.LifecycleSvc "Lifecycle"']);

    app.findElementsDefine('services.*');
    app.getElementDefine('services.LazySvc');
    expect(callLog).toHaveLength(1); // reading definitions loads no code

    app.getElement('services.LazySvc');
    app.getElement('services.LazySvc');
    expect(callLog).toEqual(['load services.LifecycleSvc "Lifecycle"', 'load services.LazySvc "Lazy"']);

    callLog.length = 0;
    await app.close();
    await app.close();
    expect(callLog).toEqual(['unload services.LazySvc', 'unload services.LifecycleSvc']);
  });
});
