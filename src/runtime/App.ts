import { Container } from 'inversify';
import { JitError } from '../errors/JitError';
import type { Logger } from '../log/Logger';
import type { Clock } from '../time/Clock';
import type { DataTypeObject } from '../services/DataTypeObject';
import type { AppManifest } from './AppManifest';
import { runInApp } from './currentApp';
import { defineFamilyAccessors } from './defineFamilyAccessors';
import type { ElementBase, ElementClass } from './ElementBase';
import type { ElementDefine, ElementRecord } from './ElementDefinition';
import { enterAppOnCalls } from './enterAppOnCalls';
import { loadedApps } from './loadedApps';
import type { ElementModule } from './loadElementModule';
import { newVariable } from './newVariable';
import { globalsOf, registerGlobalVar, releaseGlobalVars } from './registerGlobalVar';
import { RowHooks } from './RowHooks';
import { selectElements } from './selectElements';
import { suggestNames } from './suggestNames';

/** Something that runs while the app is started (the task scheduler is one). */
export interface AppService {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** One app in the chain, as `app.chain` lists it. */
export interface AppChainEntry {
  appId: string;
  title: string;
  version: string;
  dir: string;
}

/** A parent app as `getParentsMetadata()` describes it (JitAi: `appId`, `version`), keyed by its appKey. */
export type ParentMetadata = AppChainEntry;

/** One variable the chain's `envVars` declare, as `getEnvVarsDefine()` lists it. */
export interface EnvVarDefine {
  name: string;
  /** The declared default (the nearest app's), before the environment is applied. */
  value: string;
  /** The app whose `envVars` declare the default in effect. */
  appId: string;
}

/**
 * The elements of a host app as the type checker knows them, fullName to type: empty here, filled
 * by declaration merging from the file `jittask types` writes
 * (`declare module 'jittask' { interface ElementRegistry { 'services.X': … } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ElementRegistry {}

/**
 * The fullNames `getElement` takes without a registry: any string while {@link ElementRegistry} is
 * empty, none once it is filled (then only its keys are names).
 */
export type UntypedElementName = keyof ElementRegistry extends never ? string : never;

/** What {@link App} is built from (by `loadApp`). */
export interface AppParts {
  chain: AppManifest[];
  records: Map<string, ElementRecord>;
  classes: Map<string, ElementClass>;
  modules: Map<string, ElementModule[]>;
  settings: Record<string, unknown>;
  timezone: string;
  dataDir: string;
  clock: Clock;
  /** Where the app's own lines go (the engine's, failed `onLoad`s). */
  logger: Logger;
  /** The environment placeholders were filled from (`loadApp`'s `env`; default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A loaded app: its merged elements, bound in one InversifyJS container of its own, handed out by
 * `getElement`. Instances are singletons per app, created on first use (or at start-up).
 *
 * As in JitAi, `app.<family>.<Name>` is `app.getElement('<family>.<Name>')` (e.g.
 * `app.services.TaskSvc`), except for a family named like a member of App, which only
 * `getElement` reaches. TypeScript does not see these accessors: JavaScript code, or a cast, does.
 */
export class App {
  readonly appId: string;
  /** JitAi's unique key of the running app: `appId@version`. */
  readonly appKey: string;
  readonly version: string;
  readonly title: string;
  readonly dir: string;
  readonly timezone: string;
  /** Merged `settings` of the app chain (child keys win). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly chain: readonly AppChainEntry[];
  /** JitAi's `app_hierarchy`: the appIds of the chain, self first. */
  readonly app_hierarchy: readonly string[];
  /**
   * The variables the chain's `envVars` declare, with the values `{{NAME}}` placeholders get: the
   * nearest app's default, or the environment's value where it has one. Other environment
   * variables are not listed (the app did not ask for them, and they may be secrets).
   */
  readonly envVars: Readonly<Record<string, string>>;
  /** The element families present (first fullName segments), sorted. */
  readonly namespaces: readonly string[];
  /** Where runtime data (SQLite files) lives: `<app>/appData` unless `loadApp` was told otherwise. */
  readonly dataDir: string;
  /** The time source of the scheduler and of everything that asks for "now". */
  readonly clock: Clock;
  /**
   * The app's one logger, as `settings.log` says unless `loadApp` was given one: the scheduler and
   * the runtime report through it, `jittask run` and the HTTP server too.
   */
  readonly logger: Logger;
  /** The app's own container: every element bound under its fullName. */
  readonly container = new Container();
  /**
   * Subscribers to the rows models write, called inside each write's transaction (the task
   * service keeps date-field tasks in step here).
   */
  readonly rowHooks = new RowHooks();

  private readonly records: Map<string, ElementRecord>;
  private visible: ReadonlyMap<string, ElementRecord> | undefined;
  private readonly classes: Map<string, ElementClass>;
  private readonly modules: Map<string, ElementModule[]>;
  private readonly created: ElementBase[] = [];
  private readonly resolved = new Map<string, unknown>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly appServices: AppService[] = [];
  private readonly envVarsDefine: readonly EnvVarDefine[];
  private started = false;
  private closed = false;

  constructor(parts: AppParts) {
    const self = parts.chain[0]!;
    this.appId = self.appId;
    this.version = self.version;
    this.title = self.title;
    this.dir = self.dir;
    this.timezone = parts.timezone;
    this.settings = parts.settings;
    this.dataDir = parts.dataDir;
    this.clock = parts.clock;
    this.logger = parts.logger;
    this.chain = parts.chain.map((m) => ({ appId: m.appId, title: m.title, version: m.version, dir: m.dir }));
    this.appKey = `${this.appId}@${this.version}`;
    this.app_hierarchy = this.chain.map((m) => m.appId);
    const declared: Record<string, string> = {};
    for (const m of [...parts.chain].reverse()) Object.assign(declared, m.envVars);
    // Nearest app first, each variable once, at the app whose default is in effect.
    const defines = new Map<string, EnvVarDefine>();
    for (const m of parts.chain) {
      for (const [name, value] of Object.entries(m.envVars)) if (!defines.has(name)) defines.set(name, { name, value, appId: m.appId });
    }
    this.envVarsDefine = [...defines.values()];
    const env = parts.env ?? process.env;
    this.envVars = Object.fromEntries(Object.entries(declared).map(([name, value]) => [name, env[name] ?? value]));
    this.records = parts.records;
    this.classes = parts.classes;
    this.modules = parts.modules;
    for (const record of this.records.values()) this.bind(record);
    const visibleNames = Object.keys(this.getAllElementsDefine());
    this.namespaces = [...new Set(visibleNames.map((n) => n.split('.')[0]!))].sort();
    defineFamilyAccessors(this, visibleNames, (fullName) => this.getElement(fullName));
    loadedApps.add(this);
  }

  /**
   * The element `fullName`: an Instance's running object (one per app), or a Type's or Meta's class.
   * Throws ELEMENT_NOT_FOUND, with the nearest names suggested, for an unknown or private name.
   * `fromAppId` is the app whose definition names `fullName` (a parent's template naming its
   * function): a private element is found for the elements of its own app.
   *
   * Typed by the {@link ElementRegistry} `jittask types` writes: a registered fullName gives its
   * element's type, an unregistered one does not compile; `getElement<T>(…)` states the type itself.
   */
  getElement<T = unknown>(fullName: UntypedElementName, fromAppId?: string): T;
  getElement<K extends keyof ElementRegistry>(fullName: K, fromAppId?: string): ElementRegistry[K];
  getElement<T>(fullName: keyof ElementRegistry, fromAppId?: string): T;
  getElement<T = unknown>(fullName: string, fromAppId?: string): T {
    // The container resolves each name once; later calls are a Map lookup (the hot path).
    const known = this.resolved.get(fullName);
    if (known !== undefined) return known as T;
    const record = this.recordOf(fullName, fromAppId);
    // An Instance is created here on first use: its constructor and onLoad run as this app's code.
    const element = runInApp(this, () => this.container.get<T>(fullName));
    // Only what the app itself may see is remembered: the lookup above guards a private element.
    if (record.visible) this.resolved.set(fullName, element);
    return element;
  }

  /** The merged definition of `fullName`, without loading code (`fromAppId` as for `getElement`). */
  getElementDefine(fullName: string, fromAppId?: string): ElementDefine {
    return this.recordOf(fullName, fromAppId).define;
  }

  /**
   * The elements a selector names, as JitAi's `findElements` gives them: an Instance's running
   * object, a Type's or Meta's class (so Instances are created). Selectors: see `selectElements`;
   * a malformed one is API_PARAMS_ERROR.
   */
  findElements<T = unknown>(selector: string): T[] {
    return selectElements(selector, this.visibleRecords()).map((r) => this.getElement<T>(r.fullName));
  }

  /** The merged definitions (each with `fullName`) of the elements a selector names, without loading code. */
  findElementsDefine(selector: string): ElementDefine[] {
    return selectElements(selector, this.visibleRecords()).map((r) => r.define);
  }

  /** The records the app sees (not parent apps' private ones), by fullName; records never change once loaded. */
  private visibleRecords(): ReadonlyMap<string, ElementRecord> {
    this.visible ??= new Map([...this.records.values()].filter((r) => r.visible).map((r) => [r.fullName, r]));
    return this.visible;
  }

  /**
   * JitAi's `getAllElementsDefine()`: the merged definition of every element the app sees, keyed by
   * fullName (keys in fullName order), without loading code.
   */
  getAllElementsDefine(): Record<string, ElementDefine> {
    const sorted = [...this.visibleRecords().values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
    return Object.fromEntries(sorted.map((r) => [r.fullName, r.define]));
  }

  /**
   * JitAi's `getEnvVarsDefine()`: the variables the chain's `envVars` declare, parents' included,
   * as a list of `{ name, value, appId }`: each variable once, with the default in effect (the
   * nearest app's) and the app that declares it, nearest app first. The environment is not applied
   * (see `envVars`).
   */
  getEnvVarsDefine(): EnvVarDefine[] {
    return this.envVarsDefine.map((v) => ({ ...v }));
  }

  /**
   * JitAi's `getParentsMetadata()`: the parent apps, nearest first, keyed by appKey
   * (`appId@version`), each `{ appId, version, title, dir }`; the app itself is not among them.
   */
  getParentsMetadata(): Record<string, ParentMetadata> {
    return Object.fromEntries(this.chain.slice(1).map((m) => [`${m.appId}@${m.version}`, { ...m }]));
  }

  /**
   * JitAi's `newVariable(config, value)`: a data type object of `config.dataType` holding `value`
   * (`app.newVariable({ dataType: 'Stext' }, 'Hello, World!').value`), checked and converted as an
   * argument declared with `config` would be; API_PARAMS_ERROR when it does not fit.
   */
  newVariable(config: Record<string, unknown>, value?: unknown): DataTypeObject {
    return newVariable(this, config, value);
  }

  /**
   * JitAi's `registerGlobalVar(name, value)`: makes `value` the global variable `name` (on
   * `globalThis`) until this app closes. A name that is not an identifier, that the process or
   * another app has already, or `app`, is API_PARAMS_ERROR and nothing is defined.
   */
  registerGlobalVar(name: string, value: unknown): void {
    this.assertOpen();
    registerGlobalVar(this, name, value);
  }

  /** JitAi's `globals`: the global variables this app registered, by name. */
  get globals(): Record<string, unknown> {
    return globalsOf(this);
  }

  /**
   * The runtime's record of an element (kind, sources, type chain): for tools such as the CLI.
   * A parent's private element is found only with `fromAppId` naming that parent.
   */
  recordOf(fullName: string, fromAppId?: string): ElementRecord {
    const record = this.records.get(fullName);
    if (!record || !(record.visible || (fromAppId !== undefined && record.sources[0]!.appId === fromAppId))) {
      const visible = [...this.records.values()].filter((r) => r.visible).map((r) => r.fullName);
      const suggestions = suggestNames(fullName, visible);
      const why = record ? ` (it is private to app ${record.sources[0]!.appId})` : '';
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
      throw new JitError('ELEMENT_NOT_FOUND', `no element '${fullName}'${why}${hint}`, { fullName, details: { suggestions } });
    }
    return record;
  }

  /** Every element record, for tools (the CLI's element tree). */
  allRecords(): ElementRecord[] {
    return [...this.records.values()];
  }

  /** The loaded modules of an element, child first (a template's named exports live here). */
  modulesOf(fullName: string): readonly ElementModule[] {
    return this.modules.get(fullName) ?? [];
  }

  /** Registers something that runs while the app is started; it starts at once if the app already is. */
  async addService(service: AppService): Promise<void> {
    this.appServices.push(service);
    if (this.started) await service.start();
  }

  /** Starts the registered services (the task scheduler). */
  async start(): Promise<void> {
    this.assertOpen();
    if (this.started) return;
    this.started = true;
    // Started as this app's code: what the services start from here (timers, listeners) stays so.
    await runInApp(this, async () => {
      for (const s of this.appServices) await s.start();
    });
  }

  /** Creates the `loadTime: startUp` (JitAi: `backendLoadTime: afterAppInit`) instances and waits for their `onLoad`. */
  async loadStartUpElements(): Promise<void> {
    await runInApp(this, async () => {
      for (const r of this.records.values()) {
        const atStartUp = r.define.loadTime === 'startUp' || r.define.backendLoadTime === 'afterAppInit';
        if (r.kind === 'Instance' && atStartUp && this.classes.has(r.fullName)) {
          this.container.get(r.fullName);
          await this.loading.get(r.fullName);
        }
      }
    });
  }

  /** Waits until the instance's `onLoad` has finished (for elements loaded on first use). */
  async whenLoaded(fullName: string): Promise<void> {
    this.getElement(fullName);
    await this.loading.get(fullName);
  }

  /**
   * Stops services (scheduler first), unloads instances in reverse order of creation, then stops
   * counting as loaded: its global variables go, and the global `app` with them (or becomes the one
   * app left). Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await runInApp(this, async () => {
        for (const s of [...this.appServices].reverse()) await s.stop();
        for (const instance of [...this.created].reverse()) await instance.onUnload();
      });
    } finally {
      releaseGlobalVars(this);
      loadedApps.remove(this);
    }
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Throws APP_CLOSED when the app no longer takes work. */
  assertOpen(): void {
    if (this.closed) throw new JitError('APP_CLOSED', `app ${this.appId} is closed`);
  }

  private bind(record: ElementRecord): void {
    const cls = this.classes.get(record.fullName);
    if (!cls) return;
    if (record.kind !== 'Instance') {
      this.container.bind(record.fullName).toConstantValue(cls);
      return;
    }
    enterAppOnCalls(cls);
    // JitAi's element appId and version: of the app whose folder holds the nearest definition.
    const home = record.sources[0]!;
    const homeVersion = this.chain.find((m) => m.appId === home.appId)?.version ?? this.version;
    const folders = record.sources.map((s) => s.dir);
    this.container
      .bind<ElementBase>(record.fullName)
      .to(cls as never)
      .inSingletonScope()
      .onActivation((_ctx, instance) => {
        instance.initElement({
          fullName: record.fullName,
          title: record.define.title,
          define: record.define,
          config: record.define.config,
          app: this,
          appId: home.appId,
          version: homeVersion,
          folders,
        });
        this.created.push(instance);
        const loading = instance.onLoad();
        if (loading instanceof Promise) {
          this.loading.set(record.fullName, loading);
          // Elements loaded on first use cannot be awaited by getElement: report, do not crash.
          loading.catch((err: unknown) => this.logger.error('onLoad of {element} failed', { element: record.fullName, error: err }));
        }
        return instance;
      });
  }
}
