import type { App } from './App';
import type { ElementDefine } from './ElementDefinition';

/** What the runtime hands every Instance before it is used. */
export interface ElementAttributes {
  fullName: string;
  title: string;
  define: ElementDefine;
  config: Record<string, unknown>;
  app: App;
}

/**
 * The root class of every element family: the `Base` a Meta's module receives. An Instance object
 * carries its `fullName`, `title`, `define`, `config` and `app`; they are set right after
 * construction, so code that needs them belongs in `onLoad`, not in the constructor.
 */
export class ElementBase {
  declare fullName: string;
  declare title: string;
  declare define: ElementDefine;
  declare config: Record<string, unknown>;
  declare app: App;

  /**
   * Called by the runtime once, before `onLoad`. Families override it to prepare instances
   * (services install their function wrappers here); overrides must call `super.initElement`.
   */
  initElement(attributes: ElementAttributes): void {
    Object.assign(this, attributes);
  }

  /** Called once when the instance is created (at start-up for `loadTime: startUp`). */
  onLoad(): void | Promise<void> {}

  /** Called by `app.close()`, in reverse order of creation. */
  onUnload(): void | Promise<void> {}
}

/** A class built from element modules. */
export type ElementClass = new (...args: never[]) => ElementBase;
