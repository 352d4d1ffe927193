import type { App } from './App';

/** `globalThis` as far as the runtime touches it: JitAi's global `app`. */
type GlobalWithApp = typeof globalThis & { app?: unknown };

/**
 * The apps loaded in this process and not yet closed, in the order they were loaded, and JitAi's
 * global `app` kept in step with them: JitAi's element code (its inner.py) reaches its app through
 * a global, which is only unambiguous while exactly one app is loaded. So the global is defined
 * while one app is loaded (unless its `settings.globalApp` is false), removed while two or more
 * are, and restored or removed as apps close. A global `app` that something else put there is
 * never replaced or removed.
 */
class LoadedApps {
  private readonly apps = new Set<App>();
  /** The app this registry made the global `app`, if any. */
  private installed: App | undefined;

  /** Counts `app` as loaded (from its construction). */
  add(app: App): void {
    this.apps.add(app);
    this.syncGlobal();
  }

  /** Counts `app` as no longer loaded (once it has closed). */
  remove(app: App): void {
    this.apps.delete(app);
    this.syncGlobal();
  }

  /** The one loaded app, or undefined when none or several are loaded. */
  only(): App | undefined {
    if (this.apps.size !== 1) return undefined;
    return this.apps.values().next().value;
  }

  /** How many apps are loaded. */
  get size(): number {
    return this.apps.size;
  }

  /** The loaded apps' keys (`appId@version`), for messages. */
  keys(): string[] {
    return [...this.apps].map((a) => a.appKey);
  }

  private syncGlobal(): void {
    const g = globalThis as GlobalWithApp;
    const only = this.only();
    const wanted = only !== undefined && only.settings.globalApp !== false ? only : undefined;
    if (wanted === this.installed && (wanted === undefined || g.app === wanted)) return;
    if (this.installed !== undefined && g.app === this.installed) delete g.app;
    this.installed = undefined;
    if (wanted !== undefined && !Object.hasOwn(g, 'app')) {
      // Not enumerable: the process's globals list what the process defined, not the runtime's helper.
      Object.defineProperty(g, 'app', { value: wanted, writable: true, configurable: true, enumerable: false });
      this.installed = wanted;
    }
  }
}

/** The process's registry of loaded apps (see {@link LoadedApps}). */
export const loadedApps = new LoadedApps();
