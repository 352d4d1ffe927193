import { loadApp, type App, type ServiceElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

interface TaskSvc extends ServiceElement {
  getTaskTmplList(queryStr: string): Promise<Array<Record<string, unknown>>>;
}

let app: App;
let taskSvc: TaskSvc;
beforeAll(async () => {
  app = await loadApp(fixtureDir('task-templates'));
  taskSvc = app.getElement<TaskSvc>('services.TaskSvc');
});
afterAll(() => app.close());

const fullNames = async (queryStr: string): Promise<unknown[]> => (await taskSvc.getTaskTmplList(queryStr)).map((t) => t.fullName);

describe('services.TaskSvc.getTaskTmplList', () => {
  test('"" lists every template, sorted by fullName, those of a custom task Type included', async () => {
    const list = await taskSvc.getTaskTmplList('');
    expect(list.map((t) => t.fullName)).toEqual(['tasks.Cleanup', 'tasks.MorningReport', 'tasks.NightlyBackup', 'tasks.WeeklyDigest']);
    expect(list).not.toContainEqual(expect.objectContaining({ fullName: 'tasks.ReportType' }));
  });

  test('each item has title, taskType, repeatType (normal when the template does not repeat) and fullName', async () => {
    const list = await taskSvc.getTaskTmplList('');
    expect(list).toEqual([
      expect.objectContaining({ fullName: 'tasks.Cleanup', title: 'Purge old sessions', taskType: 'tasks.NormalType', repeatType: 'hour' }),
      expect.objectContaining({
        fullName: 'tasks.MorningReport',
        title: 'Morning report',
        taskType: 'tasks.NormalType',
        repeatType: 'normal',
      }),
      expect.objectContaining({
        fullName: 'tasks.NightlyBackup',
        title: 'Nightly Backup',
        taskType: 'tasks.NormalType',
        repeatType: 'day',
      }),
      expect.objectContaining({ fullName: 'tasks.WeeklyDigest', title: 'Weekly digest', taskType: 'tasks.ReportType', repeatType: 'week' }),
    ]);
  });

  test.each<[string, string, string[]]>([
    ['the title, ignoring case', 'PURGE', ['tasks.Cleanup']],
    ['the fullName, ignoring case', 'tasks.cleanup', ['tasks.Cleanup']],
    ['several templates, still sorted', 'LY', ['tasks.NightlyBackup', 'tasks.WeeklyDigest']],
    ['only templates, not the Type tasks.ReportType', 'report', ['tasks.MorningReport']],
    ['nothing', 'no such template', []],
  ])('a query keeps the templates whose title or fullName contains it: %s', async (_what, queryStr, expected) => {
    await expect(fullNames(queryStr)).resolves.toEqual(expected);
  });

  test('by name through callFunction, with the same answer', async () => {
    await expect(taskSvc.callFunction('getTaskTmplList', { queryStr: 'backup' })).resolves.toEqual(await taskSvc.getTaskTmplList('backup'));
    await expect(fullNames('backup')).resolves.toEqual(['tasks.NightlyBackup']);
  });

  test('queryStr is required', async () => {
    await expect(taskSvc.callFunction('getTaskTmplList', {})).rejects.toMatchObject({
      code: 'API_PARAMS_ERROR',
      details: { argument: 'queryStr' },
    });
  });
});
