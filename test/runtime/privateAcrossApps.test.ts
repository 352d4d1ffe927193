import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkApp, ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

/** 08:00 in Berlin, the zone of both fixture apps. */
const START = Date.parse('2025-03-01T07:00:00Z');
const childDir = fixtureDir('edges-private', 'child');

describe("a parent's public template whose func is the parent's own private service", () => {
  let clock: ManualClock;
  let dataDir: string;
  let opened: OpenTaskApp;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-private-'));
    clock = new ManualClock(START);
    opened = await openTaskApp(childDir, clock, dataDir);
  });

  afterEach(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs in the child app: the template, defined by the parent, may use what the parent keeps private', async () => {
    const task = await opened.svc.createTimerTask(
      'tasks.ParentJob',
      '2025-03-01 08:00:01',
      'services.ParentPrivateSvc.fn',
      'tasks.NormalType',
      { who: 'child' },
    );
    await clock.advance(1000);
    expect(await opened.svc.getTask(task.taskId)).toMatchObject({ status: 'completed', result: 'private work for child', error: null });
  });

  test("the child's own code still cannot reach the private service", async () => {
    expect(() => opened.app.getElement('services.ParentPrivateSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
    expect(() => opened.app.getElementDefine('services.ParentPrivateSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
    // A task of the child's template that names it: refused when the task is created.
    await expect(
      opened.svc.createTimerTask('tasks.ChildJob', '2025-03-01 08:00:01', 'services.ParentPrivateSvc.fn', 'tasks.NormalType', {
        who: 'child',
      }),
    ).rejects.toMatchObject({ code: 'ELEMENT_NOT_FOUND' });
  });

  test('using the private service through the template does not make it visible to the child afterwards', async () => {
    const task = await opened.svc.createTimerTask(
      'tasks.ParentJob',
      '2025-03-01 08:00:01',
      'services.ParentPrivateSvc.fn',
      'tasks.NormalType',
      { who: 'child' },
    );
    await clock.advance(1000);
    expect((await opened.svc.getTask(task.taskId)).status).toBe('completed');
    expect(() => opened.app.getElement('services.ParentPrivateSvc')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
  });
});

test('jittask check passes the child', () => {
  expect(checkApp(childDir)).toEqual([]);
});
