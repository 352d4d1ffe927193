import { parseAppDate } from '../time/parseAppDate';
import { parseAppTime } from '../time/parseAppTime';

/** The data types a declared argument (`functionList[].args[].dataType`) may name (SPEC §6). */
export const DATA_TYPES = [
  'Stext',
  'Ltext',
  'Numeric',
  'Integer',
  'Boolean',
  'Date',
  'Datetime',
  'JitDict',
  'JitList',
  'RowData',
  'Any',
] as const;

/** One of {@link DATA_TYPES}. */
export type DataType = (typeof DATA_TYPES)[number];

/** What {@link convertValue} makes of a value: the converted value, or why it was refused. */
export type ConvertResult = { ok: true; value: unknown } | { ok: false; reason: string };

const STEXT_MAX_CHARS = 255;
/** Decimal notation only: `Number()` would also take "", " ", "0x1f" and "Infinity". */
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER_TEXT = /^[+-]?\d+$/;

const CONVERTERS: Record<DataType, (value: unknown, zone: string) => ConvertResult> = {
  Stext: (v) =>
    typeof v === 'string' && [...v].length <= STEXT_MAX_CHARS
      ? accept(v)
      : refuse(`expected a string of at most ${STEXT_MAX_CHARS} characters`),
  Ltext: (v) => (typeof v === 'string' ? accept(v) : refuse('expected a string')),
  Numeric: (v) => {
    const n = typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? accept(n) : refuse('expected a finite number');
  },
  Integer: (v) => {
    const n = typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) : v;
    return Number.isSafeInteger(n) ? accept(n) : refuse('expected a safe integer');
  },
  Boolean: (v) => {
    if (v === true || v === 1 || v === 'true') return accept(true);
    if (v === false || v === 0 || v === 'false') return accept(false);
    return refuse('expected true or false (or 1/0, "true"/"false")');
  },
  Date: (v, zone) => {
    const date = parseAppDate(v, zone);
    return date === null ? refuse('expected a date YYYY-MM-DD') : accept(date);
  },
  Datetime: (v, zone) => {
    const time = parseAppTime(v, zone);
    return time === null
      ? refuse('expected a time YYYY-MM-DD HH:mm:ss, ISO 8601 with offset, a Date or a DateTime')
      : accept(time);
  },
  JitDict: (v) => (isPlainObject(v) ? accept(v) : refuse('expected a plain object')),
  JitList: (v) => (Array.isArray(v) ? accept(v) : refuse('expected an array')),
  RowData: (v) => (isPlainObject(v) ? accept(v) : refuse('expected a row (a plain object)')),
  Any: (v) => accept(v),
};

/**
 * Checks `value` against `dataType` and converts it to the form a service method receives:
 * numeric strings become numbers for `Numeric`/`Integer`, 1/0 and "true"/"false" become booleans,
 * `Date` becomes a `YYYY-MM-DD` string, `Datetime` a luxon DateTime in `zone`. Pure.
 *
 * Only called for present values: whether `null`/`undefined` means "missing" (and whether that is
 * allowed or takes a default) is the caller's decision, so here they are refused like any other
 * value of the wrong type (except by `Any`). An unknown `dataType` is refused with a reason naming it.
 */
export function convertValue(dataType: string, value: unknown, zone: string): ConvertResult {
  if (!isDataType(dataType)) return refuse(`unknown data type "${dataType}"`);
  return CONVERTERS[dataType](value, zone);
}

/**
 * True when `value` is a plain object (see `JitDict`) whose values are, recursively, JSON: strings,
 * finite numbers, booleans, `null`, arrays and plain objects. Refuses Dates, functions, `undefined`,
 * NaN, class instances and cycles, so what passes survives a JSON round trip unchanged (the task
 * store keeps an `argDict` as JSON).
 */
export function isPlainJsonObject(value: unknown): boolean {
  return isPlainObject(value) && isJson(value, []);
}

/**
 * `ancestors` holds the containers on the path from the root, to tell a cycle from a shared child.
 * Plain loops and an array stack: every task of a batch is checked, and the allocations of a Set
 * and of `Object.values` per object were most of the cost.
 */
function isJson(value: unknown, ancestors: object[]): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  const array = Array.isArray(value);
  if (!array && !isPlainObject(value)) return false;
  const container = value as Record<string, unknown> | unknown[];
  if (ancestors.includes(container)) return false;
  ancestors.push(container);
  let ok = true;
  if (Array.isArray(container)) {
    // A hole of a sparse array reads as undefined, so it is refused too.
    for (let i = 0; ok && i < container.length; i++) ok = isJson(container[i], ancestors);
  } else {
    for (const key of Object.keys(container)) {
      if (!isJson(container[key], ancestors)) {
        ok = false;
        break;
      }
    }
  }
  ancestors.pop();
  return ok;
}

/** An object literal or `Object.create(null)`: not an array, Date, Map or class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isDataType(name: string): name is DataType {
  return (DATA_TYPES as readonly string[]).includes(name);
}

function accept(value: unknown): ConvertResult {
  return { ok: true, value };
}

function refuse(reason: string): ConvertResult {
  return { ok: false, reason };
}
