import { AsyncLocalStorage } from 'node:async_hooks';
import type { App } from '../runtime/App';
import { runInApp } from '../runtime/currentApp';

/** What a running task's function receives as `ctx`, and what `currentTask()` returns below it. */
export interface TaskContext {
  taskId: string;
  /** The template's fullName. */
  fullName: string;
  /** When the task was due, `YYYY-MM-DD HH:mm:ss` in the app zone. */
  scheduledTime: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  /** The task's arguments by name (JitAi's `currentTask` carries them too). */
  argDict: Record<string, unknown>;
  /** Fires on forcedEnd, timeout, shutdown and a lost lease; its `reason` is an `Error` named by the cause. */
  signal: AbortSignal;
  /** The app the task runs in (JitAi's `app` of task code; the package's `app` is it below the run). */
  app: App;
}

const storage = new AsyncLocalStorage<TaskContext>();

/** The task whose code is running (JitAi's `GlobalVar.currentTask`), or undefined outside a task. */
export function currentTask(): TaskContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `ctx` as the current task, as code of the task's app. */
export function runInTaskContext<T>(ctx: TaskContext, fn: () => T): T {
  return runInApp(ctx.app, () => storage.run(ctx, fn));
}
