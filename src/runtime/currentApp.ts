import { AsyncLocalStorage } from 'node:async_hooks';
import { JitError } from '../errors/JitError';
import type { App } from './App';
import { loadedApps } from './loadedApps';

const storage = new AsyncLocalStorage<App>();

/**
 * The app whose code is running: the app of the element method, task or start-up below which the
 * caller runs (by async context), else the only app loaded in the process. Outside every app's
 * code with no app loaded, or with several (which one would be a guess), it is APP_CLOSED.
 */
export function currentApp(): App {
  const running = storage.getStore();
  if (running !== undefined) return running;
  const only = loadedApps.only();
  if (only !== undefined) return only;
  if (loadedApps.size === 0) throw new JitError('APP_CLOSED', 'no app is loaded: `app` stands for a loaded app (loadApp first)');
  throw new JitError(
    'APP_CLOSED',
    `${loadedApps.size} apps are loaded (${loadedApps.keys().join(', ')}) and this code runs outside all of them: ` +
      'use the App that loadApp returned, or `this.app` in element code',
  );
}

/** The app whose code is running by async context, or undefined outside every app's code. */
export function appInContext(): App | undefined {
  return storage.getStore();
}

/** Runs `fn` as code of `app`: below it, {@link currentApp} is `app`. */
export function runInApp<T>(app: App, fn: () => T): T {
  return storage.getStore() === app ? fn() : storage.run(app, fn);
}
