import { loadApp, ServiceElement, type App } from 'jittask';
import { callLog } from '../fixtures/callLog';
import { fixtureDir } from '../fixtures/fixtureDir';

interface TaskSvc extends ServiceElement {
  getTaskTmplList(queryStr: string): Promise<unknown[]>;
}
interface PingSvc extends ServiceElement {
  ping(times?: number): Promise<string>;
}

beforeEach(() => {
  callLog.length = 0;
});

describe('an app that overrides services.NormalType with a module of its own', () => {
  let app: App;
  beforeAll(async () => {
    app = await loadApp(fixtureDir('wrap-normal-type'));
  });
  afterAll(() => app.close());

  test("wraps the built-in TaskSvc's functions, called positionally", async () => {
    const taskSvc = app.getElement<TaskSvc>('services.TaskSvc');
    await expect(taskSvc.getTaskTmplList('')).resolves.toEqual([]);
    expect(callLog).toEqual(['normal services.TaskSvc.getTaskTmplList {"queryStr":""}']);
  });

  test('wraps them called by name through callFunction', async () => {
    const taskSvc = app.getElement<TaskSvc>('services.TaskSvc');
    await expect(taskSvc.callFunction('getTaskTmplList', { queryStr: 'x' })).resolves.toEqual([]);
    expect(callLog).toEqual(['normal services.TaskSvc.getTaskTmplList {"queryStr":"x"}']);
  });

  test("wraps the app's own services of that Type too", async () => {
    await expect(app.getElement<PingSvc>('services.PingSvc').ping(2)).resolves.toBe('pongpong');
    expect(callLog).toEqual(['normal services.PingSvc.ping {"times":2}']);
  });

  test('the override keeps the definition it does not change', () => {
    expect(app.getElementDefine('services.NormalType')).toMatchObject({ title: 'Normal Service', type: 'services.Meta' });
    const NormalType = app.getElement<typeof ServiceElement>('services.NormalType');
    expect(NormalType.prototype).toBeInstanceOf(ServiceElement);
    expect(app.getElement('services.TaskSvc')).toBeInstanceOf(NormalType);
  });
});

describe('an app that retargets services.TaskSvc to its own services.AuditedType', () => {
  let app: App;
  beforeAll(async () => {
    app = await loadApp(fixtureDir('audited-type'));
  });
  afterAll(() => app.close());

  test("overriding only TaskSvc's type keeps the rest of its definition", () => {
    const define = app.getElementDefine('services.TaskSvc');
    expect(define).toMatchObject({ title: 'Task Service', type: 'services.AuditedType' });
    expect((define.functionList as Array<{ name: string }>).map((f) => f.name)).toContain('getTaskTmplList');
    expect(app.findElementsDefine('services.AuditedType.type').map((d) => d.fullName)).toEqual(['services.TaskSvc']);
  });

  test("TaskSvc's own module now extends AuditedType, and its calls are audited", async () => {
    const taskSvc = app.getElement<TaskSvc>('services.TaskSvc');
    expect(taskSvc).toBeInstanceOf(app.getElement<typeof ServiceElement>('services.AuditedType'));
    await taskSvc.getTaskTmplList('');
    await taskSvc.callFunction('getTaskTmplList', { queryStr: 'y' });
    expect(callLog).toEqual(['audit services.TaskSvc.getTaskTmplList', 'audit services.TaskSvc.getTaskTmplList']);
  });

  test('services left on services.NormalType are not audited', async () => {
    await expect(app.getElement<PingSvc>('services.PingSvc').ping()).resolves.toBe('pong');
    expect(callLog).toEqual([]);
  });
});
