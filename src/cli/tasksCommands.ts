import * as path from 'node:path';
import { loadApp } from '../runtime/loadApp';
import type { App } from '../runtime/App';
import { taskServiceOf, type TaskSvcElement } from '../tasks';
import type { CliOutput } from './CliOutput';
import { formatTable } from './formatTable';

/** Loads the app without starting its scheduler, runs `fn` with its TaskSvc, then closes it. */
async function withTaskSvc(appDir: string, fn: (svc: TaskSvcElement, app: App) => Promise<void>): Promise<number> {
  const app = await loadApp(path.resolve(appDir));
  try {
    await fn(taskServiceOf(app), app);
    return 0;
  } finally {
    await app.close();
  }
}

/** `jittask templates [query]`: the task templates as a table. */
export function templatesCommand(appDir: string, query: string, out: CliOutput): Promise<number> {
  return withTaskSvc(appDir, async (svc) => {
    const items = await svc.getTaskTmplList(query);
    for (const l of formatTable(
      ['fullName', 'title', 'taskType', 'repeat', 'enabled'],
      items.map((t) => [t.fullName, t.title, t.taskType, t.repeatType, t.enable ? 'yes' : 'no']),
    ))
      out.log(l);
  });
}

/**
 * `jittask tasks [appDir] [--status S] [--template T] [--limit N]`: tasks, newest due first, as a
 * table. A limit that is not plain digits (`1e99`, `0x10`) goes to `listTasks` as the text it is,
 * so that it is refused there, with the service's coded error, rather than read as some number.
 */
export function tasksListCommand(
  appDir: string,
  opts: { status?: string; template?: string; limit?: string },
  out: CliOutput,
): Promise<number> {
  const limit = opts.limit === undefined ? 50 : /^\d+$/.test(opts.limit) ? Number(opts.limit) : opts.limit;
  return withTaskSvc(appDir, async (svc) => {
    const tasks = await svc.listTasks({ status: opts.status, fullName: opts.template, limit });
    const rows = tasks.map((t) => [
      t.taskId,
      t.fullName,
      t.startTime,
      t.status + (t.overdue ? ' (overdue)' : ''),
      String(t.attempt),
      t.rowId ?? '',
      t.endedAt ?? '',
    ]);
    for (const l of formatTable(['taskId', 'template', 'due', 'status', 'attempt', 'rowId', 'ended'], rows)) out.log(l);
  });
}

/** `jittask tasks show ID`: one task with its history. */
export function taskShowCommand(appDir: string, taskId: string, out: CliOutput): Promise<number> {
  return withTaskSvc(appDir, async (svc) => {
    out.log(JSON.stringify(await svc.getTask(taskId), null, 2));
  });
}

/** `jittask tasks end ID`: force-ends a task. */
export function taskEndCommand(appDir: string, taskId: string, out: CliOutput): Promise<number> {
  return withTaskSvc(appDir, async (svc) => {
    out.log(JSON.stringify(await svc.forcedEnd(taskId), null, 2));
  });
}
