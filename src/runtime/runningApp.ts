import { App } from './App';
import { currentApp } from './currentApp';

/** Each app's methods bound to it, once, so `app.getElement` read twice is one function. */
const boundMethods = new WeakMap<App, Map<PropertyKey, { of: unknown; bound: unknown }>>();

function bindTo(app: App, key: PropertyKey, method: (...args: unknown[]) => unknown): unknown {
  let methods = boundMethods.get(app);
  if (!methods) {
    methods = new Map();
    boundMethods.set(app, methods);
  }
  const known = methods.get(key);
  if (known?.of === method) return known.bound;
  const bound = method.bind(app);
  methods.set(key, { of: method, bound });
  return bound;
}

/**
 * The package's `app` (`import { app } from 'jittask'`): JitAi's `app` for element code, which
 * stands for the app whose code is running (see `currentApp`): reading a property reads it off that
 * app, so `app.getElement('services.X')`, `app.appId` and `app.services.X` work as on the App itself,
 * and two apps in one process each see their own. `app instanceof App` holds. Outside every app's
 * code it is the only loaded app; with none, or several, reading it is APP_CLOSED.
 */
export const runningApp: App = new Proxy(Object.create(App.prototype) as App, {
  get(_target, key) {
    const app = currentApp();
    const value: unknown = Reflect.get(app, key, app);
    return typeof value === 'function' ? bindTo(app, key, value as (...args: unknown[]) => unknown) : value;
  },
  has(_target, key) {
    return key in currentApp();
  },
  set(_target, key, value) {
    const app = currentApp();
    return Reflect.set(app, key, value, app);
  },
});
