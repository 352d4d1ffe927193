import type { App } from '../../runtime/App';
import { TaskTemplateElement } from '../TaskTemplateElement';

/**
 * What the engine calls of a template's class. `element` is null when no class of the template's
 * chain overrides a method (or the template is a Type, as `tasks.TemporaryType` is): the engine
 * then calls the task's function directly, as the default methods would, at no extra cost.
 */
export interface TemplateHooks {
  /** The template instance, when it overrides `handle`/`getFunc` or `afterReturn`. */
  element: TaskTemplateElement | null;
  /** `handle` or `getFunc` is overridden: runs go through `element.handle`. */
  handles: boolean;
  /** `afterReturn` is overridden: it is called after each run's end. */
  afterReturn: boolean;
}

const NONE: TemplateHooks = { element: null, handles: false, afterReturn: false };

/** Decided once per template and app: definitions and classes never change while an app is loaded. */
const decided = new WeakMap<App, Map<string, TemplateHooks>>();

/**
 * Whether the class of template `fullName` overrides `handle`, `getFunc` or `afterReturn`. The
 * instance is created (its module's constructor and `onLoad` run) only to be asked; a template
 * that cannot be created fails its run, and is asked again next time.
 */
export function templateHooks(app: App, fullName: string): TemplateHooks {
  let known = decided.get(app);
  if (!known) decided.set(app, (known = new Map<string, TemplateHooks>()));
  const done = known.get(fullName);
  if (done) return done;
  const record = app.recordOf(fullName);
  let hooks = NONE;
  if (record.kind === 'Instance') {
    const element = app.getElement<Partial<TaskTemplateElement>>(fullName, record.sources[0]?.appId);
    // Duck-typed: a template's class comes from the package its module requires, which may be
    // another copy of jittask; methods that are not the defaults are overrides either way.
    if (typeof element.handle === 'function' && typeof element.getFunc === 'function' && typeof element.afterReturn === 'function') {
      const base = TaskTemplateElement.prototype;
      const handles = element.handle !== base.handle || element.getFunc !== base.getFunc;
      const afterReturn = element.afterReturn !== base.afterReturn;
      if (handles || afterReturn) hooks = { element: element as TaskTemplateElement, handles, afterReturn };
    }
  }
  known.set(fullName, hooks);
  return hooks;
}
