import type { App } from './App';
import type { ElementDefine } from './ElementDefinition';
import { readElementFile } from './readElementFile';

/** What the runtime hands every Instance before it is used. */
export interface ElementAttributes {
  fullName: string;
  title: string;
  define: ElementDefine;
  config: Record<string, unknown>;
  app: App;
  /** The app whose folder holds the element's nearest definition (default: `app`'s). */
  appId?: string;
  /** That app's version (default: `app`'s). */
  version?: string;
  /** The element's folders along the app chain, nearest first, for `getFile` (default: none). */
  folders?: readonly string[];
}

/** Where each instance's element came from, out of the way of the instance's own properties. */
const origins = new WeakMap<object, { appId?: string; version?: string; folders: readonly string[] }>();

/**
 * The root class of every element family: the `Base` a Meta's module receives. An Instance object
 * carries its `fullName`, `title`, `define`, `config` and `app`; they are set right after
 * construction, so code that needs them belongs in `onLoad`, not in the constructor.
 *
 * It also has JitAi's Element properties `name`, `elementType`, `appId` and `version`, read from
 * those; a member of the element's own class with one of these names (a declared function
 * `version`) wins over them.
 */
export class ElementBase {
  declare fullName: string;
  declare title: string;
  declare define: ElementDefine;
  declare config: Record<string, unknown>;
  declare app: App;
  /** JitAi's `name`: the fullName without its family and folders, e.g. `UserModel`. */
  declare readonly name: string;
  /** JitAi's `elementType`: the element's `type`, e.g. `models.NormalType`. */
  declare readonly elementType: string;
  /** The appId of the app whose folder holds the element's nearest definition, e.g. `wanyun.MyApp`. */
  declare readonly appId: string;
  /** That app's version, e.g. `1.0.0`. */
  declare readonly version: string;

  /**
   * Called by the runtime once, before `onLoad`. Families override it to prepare instances
   * (services install their function wrappers here); overrides must call `super.initElement`.
   */
  initElement(attributes: ElementAttributes): void {
    const { appId, version, folders, ...attrs } = attributes;
    Object.assign(this, attrs);
    origins.set(this, { appId, version, folders: folders ?? [] });
  }

  /** Called once when the instance is created (at start-up for `loadTime: startUp`). */
  onLoad(): void | Promise<void> {}

  /** Called by `app.close()`, in reverse order of creation. */
  onUnload(): void | Promise<void> {}

  /**
   * JitAi's `getFile(filename, isBinary?)`: the content of a file in the element's folder, as text
   * (UTF-8), or as a Buffer with `isBinary`. A child app's folder of the element is looked in before
   * its parents'. Only files inside the element's own folder are read (not `..`, an absolute path, a
   * symlink leading out, or a nested element's files): anything else, or no such file, is
   * API_PARAMS_ERROR.
   */
  getFile(relativePath: string, isBinary?: false): string;
  getFile(relativePath: string, isBinary: true): Buffer;
  getFile(relativePath: string, isBinary?: boolean): string | Buffer;
  getFile(relativePath: string, isBinary: boolean = false): string | Buffer {
    return readElementFile(this.fullName, origins.get(this)?.folders ?? [], relativePath, isBinary);
  }
}

/**
 * JitAi's Element properties, as accessors of the prototype so that a subclass's own member of the
 * same name (a method, a field, an assignment in its constructor) takes precedence.
 */
function elementProperty(name: string, read: (element: ElementBase) => string): PropertyDescriptor {
  return {
    configurable: true,
    get(this: ElementBase): string {
      return read(this);
    },
    set(this: ElementBase, value: unknown): void {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
  };
}

Object.defineProperties(ElementBase.prototype, {
  name: elementProperty('name', (e) => (typeof e.fullName === 'string' ? e.fullName.slice(e.fullName.lastIndexOf('.') + 1) : '')),
  elementType: elementProperty('elementType', (e) => (typeof e.define?.type === 'string' ? e.define.type : '')),
  appId: elementProperty('appId', (e) => origins.get(e)?.appId ?? e.app?.appId ?? ''),
  version: elementProperty('version', (e) => origins.get(e)?.version ?? e.app?.version ?? ''),
});

/** The accessors above, for a Meta's plain class that does not extend ElementBase (see `loadElementModule`). */
export const ELEMENT_PROPERTIES = ['name', 'elementType', 'appId', 'version'] as const;

/** A class built from element modules. */
export type ElementClass = new (...args: never[]) => ElementBase;
