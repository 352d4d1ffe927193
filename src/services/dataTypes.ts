import { types } from 'node:util';
import { parseAppDate } from '../time/parseAppDate';
import { parseAppTime } from '../time/parseAppTime';
import { describeRefusal, isPlainObject, readPlainJson } from './plainJson';

/**
 * The data types a declared argument (`functionList[].args[].dataType`) may name: those of the spec,
 * then the JitAi types that make sense for an argument or a column, as JitAi's data-type reference
 * lists them (https://jit.pro/docs/reference/framework/JitORM/data-types and the JitORM overview,
 * https://jit.pro/docs/reference/framework/JitORM: amount, percentage, serial number, phone number,
 * hyperlink, time). Any other name is refused when the app loads (`checkDeclaredDataType`), so a
 * definition never loads only to fail on every call.
 */
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
  'Money',
  'Percent',
  'AutoInt',
  'Phone',
  'Email',
  'Url',
  'Time',
] as const;

/** One of {@link DATA_TYPES}. */
export type DataType = (typeof DATA_TYPES)[number];

/** What {@link convertValue} makes of a value: the converted value, or why it was refused. */
export type ConvertResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** What a declaration may add to its `dataType`: JitAi's `maxLength` of an Stext. */
export interface DataTypeOptions {
  maxLength?: number;
}

/** The length of an Stext without a declared `maxLength`, and the most one may declare (JitAi's single-line text). */
export const STEXT_MAX_CHARS = 255;
/** Decimal notation only: `Number()` would also take "", " ", "0x1f" and "Infinity". */
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** An integer written as text (what an Integer argument also takes); the OpenAPI document states it as a pattern. */
export const INTEGER_TEXT = /^[+-]?\d+$/;
/** Digits with the separators people write in phone numbers, an optional leading +, at least 3 digits. */
const PHONE_TEXT = /^\+?(?=(?:\D*\d){3})[\d ()./-]{3,32}$/;
/** One @, no spaces, a dot in the domain: what a mail server could take, without RFC 5322's corners. */
const EMAIL_TEXT = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const EMAIL_MAX_CHARS = 254;
/** A time of day `H:mm` or `HH:mm:ss`, as a Time argument takes it; the OpenAPI document states it as a pattern. */
export const TIME_TEXT = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

const numeric = (v: unknown): ConvertResult => {
  const n = typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? accept(n) : refuse('expected a finite number');
};

const integer = (v: unknown): ConvertResult => {
  const n = typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) : v;
  return Number.isSafeInteger(n) ? accept(n) : refuse('expected a safe integer');
};

const CONVERTERS: Record<DataType, (value: unknown, zone: string, options: DataTypeOptions) => ConvertResult> = {
  Stext: (v, _zone, { maxLength = STEXT_MAX_CHARS }) =>
    typeof v === 'string' && [...v].length <= maxLength ? accept(v) : refuse(`expected a string of at most ${maxLength} characters`),
  Ltext: (v) => (typeof v === 'string' ? accept(v) : refuse('expected a string')),
  Numeric: numeric,
  Integer: integer,
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
    return time === null ? refuse('expected a time YYYY-MM-DD HH:mm:ss, ISO 8601 with offset, a Date or a DateTime') : accept(time);
  },
  JitDict: (v) => readableAsJson(v, isPlainObject(v), 'expected a plain object'),
  JitList: (v) => readableAsJson(v, !types.isProxy(v) && Array.isArray(v), 'expected an array'),
  RowData: (v) => readableAsJson(v, isPlainObject(v), 'expected a row (a plain object)'),
  Any: (v) => accept(v),
  // JitAi keeps amounts and percentages as plain numbers (a percentage as the number shown before
  // its %), so they convert as Numeric; an AutoInt argument is the integer a row was given.
  Money: numeric,
  Percent: numeric,
  AutoInt: integer,
  Phone: (v) => {
    const text = typeof v === 'string' ? v.trim() : undefined;
    return text !== undefined && PHONE_TEXT.test(text)
      ? accept(text)
      : refuse('expected a phone number (digits, spaces, ()./-, an optional leading +)');
  },
  Email: (v) => {
    const text = typeof v === 'string' ? v.trim() : undefined;
    return text !== undefined && text.length <= EMAIL_MAX_CHARS && EMAIL_TEXT.test(text)
      ? accept(text)
      : refuse('expected an email address');
  },
  Url: (v) => {
    const text = typeof v === 'string' ? v.trim() : '';
    // Only web links: a hyperlink that could be `javascript:` or `file:` would be a hole, not a link.
    return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol)
      ? accept(text)
      : refuse('expected an http or https URL');
  },
  Time: (v) => {
    const match = typeof v === 'string' ? TIME_TEXT.exec(v.trim()) : null;
    if (!match) return refuse('expected a time of day HH:mm:ss (or H:mm)');
    return accept(`${match[1]!.padStart(2, '0')}:${match[2]!}:${match[3] ?? '00'}`);
  },
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
 * numeric strings become numbers for `Numeric`/`Integer` (and `Money`, `Percent`, `AutoInt`), 1/0
 * and "true"/"false" become booleans, `Date` becomes a `YYYY-MM-DD` string, `Datetime` a luxon
 * DateTime in `zone`, `Time` an `HH:mm:ss` string; `Phone`, `Email` and `Url` are trimmed. An
 * Stext is at most `options.maxLength` characters (255 without one). Pure.
 *
 * Only called for present values: whether `null`/`undefined` means "missing" (and whether that is
 * allowed or takes a default) is the caller's decision, so here they are refused like any other
 * value of the wrong type (except by `Any`). An unknown `dataType` is refused with a reason naming it.
 */
export function convertValue(dataType: string, value: unknown, zone: string, options: DataTypeOptions = {}): ConvertResult {
  if (!isDataType(dataType)) return refuse(`unknown data type "${dataType}"`);
  return CONVERTERS[dataType](value, zone, options);
}

/**
 * True when `value` is a plain object (see `JitDict`) whose values are, recursively, JSON (see
 * {@link readPlainJson}), so what passes survives a JSON round trip unchanged.
 */
export function isPlainJsonObject(value: unknown): boolean {
  return isPlainObject(value) && readPlainJson(value).ok;
}

/** True when `name` is one of {@link DATA_TYPES}. */
export function isDataType(name: string): name is DataType {
  return (DATA_TYPES as readonly string[]).includes(name);
}

function accept(value: unknown): ConvertResult {
  return { ok: true, value };
}

function refuse(reason: string): ConvertResult {
  return { ok: false, reason };
}
