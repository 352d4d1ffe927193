import { types } from 'node:util';
import { parseAppDate } from '../time/parseAppDate';
import { parseAppTime } from '../time/parseAppTime';
import { describeRefusal, isPlainObject, readPlainJson } from './plainJson';

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
  JitDict: (v) => readableAsJson(v, isPlainObject(v), 'expected a plain object'),
  JitList: (v) => readableAsJson(v, !types.isProxy(v) && Array.isArray(v), 'expected an array'),
  RowData: (v) => readableAsJson(v, isPlainObject(v), 'expected a row (a plain object)'),
  Any: (v) => accept(v),
};

/**
 * A JitDict, JitList or RowData value: of the right shape, and readable as JSON as `JSON.stringify`
 * reads it (Dates and luxon DateTimes through their `toJSON`), without a Proxy, a getter that
 * throws or a cycle. Passed on as the same object, not its copy: a row returned by a model is
 * known by its identity (`ModelElement.modelOf`), and a Date in it stays a Date for the function.
 */
function readableAsJson(value: unknown, shaped: boolean, expected: string): ConvertResult {
  if (!shaped) return refuse(expected);
  const read = readPlainJson(value, { asStringified: true });
  if (read.ok) return accept(value);
  return refuse(`${expected} that reads as JSON (${describeRefusal(read, 'value')})`);
}

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
 * True when `value` is a plain object (see `JitDict`) whose values are, recursively, JSON (see
 * {@link readPlainJson}), so what passes survives a JSON round trip unchanged.
 */
export function isPlainJsonObject(value: unknown): boolean {
  return isPlainObject(value) && readPlainJson(value).ok;
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
