import { types } from 'node:util';
import type { JsonValue } from '../json/JsonValue';

/** How {@link readPlainJson} treats values that are not JSON already. */
export interface PlainJsonOptions {
  /**
   * Read the value as `JSON.stringify` writes it: an object's `toJSON()` (a Date, a luxon DateTime)
   * stands for the object, and a property whose value is `undefined` is left out. Without it, the
   * value must be JSON already, so that a JSON column keeps it unchanged.
   */
  asStringified?: boolean;
}

/**
 * What {@link readPlainJson} makes of a value: its plain JSON copy, or where and why it was refused.
 * `getters` says whether a getter gave any of the copy's values: then the value may read otherwise
 * next time, and only the copy is what was read.
 */
export type PlainJsonResult = { ok: true; value: JsonValue; getters: boolean } | { ok: false; path: string; reason: string };

/** What {@link readPlainJsonObject} makes of a value. */
export type PlainJsonObjectResult =
  { ok: true; value: { [key: string]: JsonValue }; getters: boolean } | { ok: false; path: string; reason: string };

/** Deeper than this is refused rather than risk the stack: no argument or row of real data nests so far. */
const MAX_DEPTH = 1000;

/**
 * Own keys refused in objects: `__proto__` (which `JSON.parse` makes an own key) would set the
 * prototype of a copy made by assignment, and `constructor` shadows the one every object inherits.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/**
 * Reads a value handed in by a user (a task's `argDict`, a row, a JSON argument) into a fresh
 * plain JSON copy: strings, finite numbers, booleans, `null`, dense arrays and plain objects.
 *
 * A hostile value cannot get past it or make it throw: Proxies are refused before any of their
 * traps runs, a getter (or `toJSON`) that throws is a refusal, and so are cycles, class instances
 * and Maps, functions, symbols, bigints, NaN and Infinity, holes and `undefined` (but see
 * {@link PlainJsonOptions.asStringified}), own `__proto__`/`constructor` keys and nesting beyond
 * {@link MAX_DEPTH}. The copy is what callers keep: a getter is read once, here.
 */
export function readPlainJson(value: unknown, options: PlainJsonOptions = {}): PlainJsonResult {
  const reader = new JsonReader(options.asStringified === true);
  const copy = reader.read(value, false);
  if (copy === LEFT_OUT) return { ok: false, path: '', reason: 'undefined is not JSON' };
  return reader.refusal ?? { ok: true, value: copy as JsonValue, getters: reader.getters };
}

/** {@link readPlainJson} for a value that must be a JSON object (an `argDict`), not an array or a scalar. */
export function readPlainJsonObject(value: unknown, options: PlainJsonOptions = {}): PlainJsonObjectResult {
  const read = readPlainJson(value, options);
  if (!read.ok || (typeof read.value === 'object' && read.value !== null && !Array.isArray(read.value)))
    return read as PlainJsonObjectResult;
  return { ok: false, path: '', reason: 'not an object' };
}

/** A refusal of {@link readPlainJson} in words, its path read from the argument `root`: `argDict.list[2]: a Proxy is not plain JSON`. */
export function describeRefusal(refusal: { path: string; reason: string }, root: string): string {
  const at = refusal.path === '' ? root : refusal.path.startsWith('[') ? `${root}${refusal.path}` : `${root}.${refusal.path}`;
  return `${at}: ${refusal.reason}`;
}

/**
 * True for an object literal or `Object.create(null)`: not an array, Date, Map or class instance.
 * A Proxy is not one (and its `getPrototypeOf` trap is not run to find out).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || types.isProxy(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A marker for "leave this property out", distinct from every JSON value. */
const LEFT_OUT = Symbol('left out');
/** A marker for "no such own property" (a hole in an array). */
const ABSENT = Symbol('absent');

/**
 * One reading. `keys` is the path from the root, pushed and popped as it goes, so that a path is put
 * into words only for a refusal (a batch of 100,000 tasks reads every argDict); `ancestors` holds
 * the containers on that path, to tell a cycle from a shared child.
 */
class JsonReader {
  refusal: (PlainJsonResult & { ok: false }) | null = null;
  /** True once a getter gave a value. */
  getters = false;
  private readonly keys: Array<string | number> = [];
  private readonly ancestors: object[] = [];

  constructor(private readonly asStringified: boolean) {}

  /** The copy of `value`, or undefined after a refusal. `viaToJSON`: `value` is what a `toJSON` gave. */
  read(value: unknown, viaToJSON: boolean): JsonValue | typeof LEFT_OUT | undefined {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : this.refuse(`${value} is not a finite number`);
    if (value === undefined && this.asStringified) return LEFT_OUT;
    if (typeof value !== 'object') return this.refuse(`${value === undefined ? 'undefined' : `a ${typeof value}`} is not JSON`);
    if (types.isProxy(value)) return this.refuse('a Proxy is not plain JSON');
    if (this.ancestors.length >= MAX_DEPTH) return this.refuse(`nested deeper than ${MAX_DEPTH} levels`);
    if (this.ancestors.includes(value)) return this.refuse('a cycle: it contains itself');
    if (Array.isArray(value)) return this.readArray(value);
    if (isPlainObject(value)) return this.readObject(value);
    if (this.asStringified && !viaToJSON) {
      const json = this.attempt(() => {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        return typeof toJSON === 'function'
          ? { given: (toJSON as (key: string) => unknown).call(value, String(this.keys.at(-1) ?? '')) }
          : null;
      });
      if (json === undefined) return undefined;
      if (json !== null) return this.read(json.given, true);
    }
    return this.refuse('not a plain object (a class instance, Map, Date…)');
  }

  private readArray(list: unknown[]): JsonValue[] | undefined {
    const copy: JsonValue[] = [];
    this.ancestors.push(list);
    for (let i = 0; i < list.length && !this.refusal; i++) {
      this.keys.push(i);
      const item = this.child(list, i);
      // A hole reads as undefined, which JSON would turn into null: refused, not changed.
      if (item === ABSENT) this.refuse('a hole in an array is not JSON');
      else if (item === LEFT_OUT) this.refuse('undefined in an array is not JSON');
      else if (item !== undefined) copy.push(item);
      this.keys.pop();
    }
    this.ancestors.pop();
    return this.refusal ? undefined : copy;
  }

  private readObject(object: Record<string, unknown>): { [key: string]: JsonValue } | undefined {
    const copy: { [key: string]: JsonValue } = {};
    this.ancestors.push(object);
    for (const key of Object.keys(object)) {
      this.keys.push(key);
      const value = FORBIDDEN_KEYS.has(key) ? this.refuse(`an own key '${key}' is not allowed`) : this.child(object, key);
      this.keys.pop();
      if (this.refusal) break;
      if (value !== LEFT_OUT && value !== ABSENT && value !== undefined) copy[key] = value;
    }
    this.ancestors.pop();
    return this.refusal ? undefined : copy;
  }

  /**
   * An own property's value, read once through its descriptor: a getter runs once, here (and may
   * throw), and is noted, so that callers know the copy is what was read; {@link ABSENT} without one.
   */
  private child(container: object, key: string | number): JsonValue | typeof LEFT_OUT | typeof ABSENT | undefined {
    // try/catch here rather than through `attempt`: no closure per property of a large batch.
    let given: unknown;
    try {
      const own = Object.getOwnPropertyDescriptor(container, key);
      if (own === undefined) return ABSENT;
      if ('value' in own) given = own.value;
      else {
        this.getters = true;
        given = own.get?.call(container);
      }
    } catch (err) {
      return this.refuse(`reading it threw (${describeThrown(err)})`);
    }
    return this.read(given, false);
  }

  /** Runs user code (a getter, a `toJSON`); what it throws becomes the refusal. */
  private attempt<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      return this.refuse(`reading it threw (${describeThrown(err)})`);
    }
  }

  private refuse(reason: string): undefined {
    this.refusal ??= { ok: false, path: formatPath(this.keys), reason };
    return undefined;
  }
}

/** `a.list[2].b`; empty for the root. */
function formatPath(keys: ReadonlyArray<string | number>): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** What was thrown, in words, without trusting it (it may be anything, a Proxy included). */
function describeThrown(err: unknown): string {
  try {
    return err instanceof Error && !types.isProxy(err) ? String(err.message) : `not an Error: ${typeof err}`;
  } catch {
    return 'an unreadable value was thrown';
  }
}
