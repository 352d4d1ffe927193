import { types } from 'node:util';
import { isJitError } from '../errors/JitError';
import { parseQ } from '../models/q/parseQ';
import { Q } from '../models/q/Q';
import { QExpression } from '../models/q/QExpression';
import { parseAppDate } from '../time/parseAppDate';
import { parseAppTime } from '../time/parseAppTime';
import { describeRefusal, isPlainObject, readPlainJson } from './plainJson';

/**
 * The data types a declared argument (`functionList[].args[].dataType`) or return (`returnType`)
 * may name: those of the spec, then every type on JitAi's data-types page
 * (https://jit.pro/docs/reference/framework/JitORM/data-types), each converted or accepted in the
 * JSON shape the page gives it (what it inherits, the properties of its object). Any other name is
 * refused when the app loads (`checkDeclaredDataType`), so a definition never loads only to fail
 * on every call.
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
  'RichText',
  'Serial',
  'Radio',
  'MultiRadio',
  'Dropdown',
  'MultiDropdown',
  'Checkbox',
  'File',
  'Image',
  'Signature',
  'Dept',
  'MultiDept',
  'Member',
  'MultiMember',
  'Address',
  'Identify',
  'LicensePlate',
  'Position',
  'Link',
  'SubTable',
  'JitMap',
  'RowList',
  'RelateData',
  'MultiRelateData',
  'QFilter',
] as const;

/** One of {@link DATA_TYPES}. */
export type DataType = (typeof DATA_TYPES)[number];

/** What {@link convertValue} makes of a value: the converted value, or why it was refused. */
export type ConvertResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** One field of the model a row type's `generic` names, as {@link DataTypeOptions.rowFields} lists it. */
export interface RowFieldType {
  name: string;
  dataType: string;
  maxLength?: number;
}

/** What a declaration may add to its `dataType`. */
export interface DataTypeOptions {
  /** JitAi's `maxLength` of an Stext. */
  maxLength?: number;
  /**
   * For a row type (`RowData`, `RowList`, `RelateData`, `MultiRelateData`, `SubTable`) whose
   * `generic` names a model: its fields and key, so that a row may only hold those, each of its
   * field's type. Without it any row of JSON values is taken.
   */
  rowFields?: readonly RowFieldType[];
  /** The key column of the `generic` model (`id` unless a field is its primaryKey). */
  rowKey?: string;
}

/**
 * The brand of a data type object (`datatypes.Money({ value: 1 })`, or what a function with
 * `argsToDatatype` receives): a value of any data type may be given as such an object, and stands
 * for its `value`. A registry symbol, so that this module need not import the classes (they import
 * it).
 */
export const DATA_TYPE_OBJECT = Symbol.for('jittask.dataTypeObject');

/** The length of an Stext without a declared `maxLength`, and the most one may declare (JitAi's single-line text). */
export const STEXT_MAX_CHARS = 255;
/** JitAi's license plate: an Stext of at most 12 characters (the page's `maxLen`). */
const LICENSE_PLATE_MAX_CHARS = 12;
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

type Converter = (value: unknown, zone: string, options: DataTypeOptions) => ConvertResult;

const numeric = (v: unknown): ConvertResult => {
  const n = typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? accept(n) : refuse('expected a finite number');
};

const integer = (v: unknown): ConvertResult => {
  const n = typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) : v;
  return Number.isSafeInteger(n) ? accept(n) : refuse('expected a safe integer');
};

/** A string of at most `limit` characters (code points, as JitAi counts them). */
const shortText =
  (limit: number): Converter =>
  (v) =>
    typeof v === 'string' && [...v].length <= limit ? accept(v) : refuse(`expected a string of at most ${limit} characters`);

/** The Stext family of the page (Serial, Radio, Dropdown, Dept, Member, Identify): an Stext, its declared length included. */
const stext: Converter = (v, zone, { maxLength = STEXT_MAX_CHARS }) => shortText(maxLength)(v, zone, {});

const text: Converter = (v) => (typeof v === 'string' ? accept(v) : refuse('expected a string'));

/**
 * The multiple choices of the page (MultiRadio, MultiDropdown, MultiDept, MultiMember): their
 * objects `append` one value at a time, so the value is a list of the single type's values.
 */
const textList: Converter = (v) =>
  jsonShaped(v, 'expected a list of strings', (copy) => Array.isArray(copy) && copy.every((item) => typeof item === 'string'));

/** File and Image: a JitList of what was uploaded, each entry an object (its name, type, size, url…) or a string. */
const uploadList: Converter = (v) =>
  jsonShaped(
    v,
    'expected a list of files (objects or strings)',
    (copy) => Array.isArray(copy) && copy.every((item) => typeof item === 'string' || isPlainObject(item)),
  );

/** An object whose named keys, where present and not null, are of the given kinds. */
function objectWith(expected: string, keys: Record<string, 'string' | 'number'>): Converter {
  return (v) =>
    jsonShaped(v, expected, (copy) => {
      if (!isPlainObject(copy)) return false;
      return Object.entries(keys).every(([key, kind]) => copy[key] === undefined || copy[key] === null || typeof copy[key] === kind);
    });
}

const ADDRESS_KEYS = { province: 'string', city: 'string', district: 'string' } as const;

const CONVERTERS: Record<DataType, Converter> = {
  Stext: stext,
  Ltext: text,
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
  RowData: (v, zone, options) => row(v, zone, options),
  Any: (v) => accept(v),
  // JitAi keeps amounts and percentages as plain numbers (a percentage as the number shown before
  // its %), so they convert as Numeric; an AutoInt argument is the integer a row was given.
  Money: numeric,
  Percent: numeric,
  AutoInt: integer,
  Phone: (v) => {
    const trimmed = typeof v === 'string' ? v.trim() : undefined;
    return trimmed !== undefined && PHONE_TEXT.test(trimmed)
      ? accept(trimmed)
      : refuse('expected a phone number (digits, spaces, ()./-, an optional leading +)');
  },
  Email: (v) => {
    const trimmed = typeof v === 'string' ? v.trim() : undefined;
    return trimmed !== undefined && trimmed.length <= EMAIL_MAX_CHARS && EMAIL_TEXT.test(trimmed)
      ? accept(trimmed)
      : refuse('expected an email address');
  },
  Url: (v) => {
    const trimmed = typeof v === 'string' ? v.trim() : '';
    // Only web links: a hyperlink that could be `javascript:` or `file:` would be a hole, not a link.
    return URL.canParse(trimmed) && ['http:', 'https:'].includes(new URL(trimmed).protocol)
      ? accept(trimmed)
      : refuse('expected an http or https URL');
  },
  Time: (v) => {
    const match = typeof v === 'string' ? TIME_TEXT.exec(v.trim()) : null;
    if (!match) return refuse('expected a time of day HH:mm:ss (or H:mm)');
    return accept(`${match[1]!.padStart(2, '0')}:${match[2]!}:${match[3] ?? '00'}`);
  },
  // HTML text, of any length (its object's textValue is the text without tags).
  RichText: text,
  // The number a serial field was given (generated as <prefix><field><connector><date><number>).
  Serial: stext,
  // The chosen option's value.
  Radio: stext,
  Dropdown: stext,
  MultiRadio: textList,
  MultiDropdown: textList,
  // The page: "formatData returns 1 or None", a default of 1 (checked) or 0.
  Checkbox: (v) => {
    if (v === true || v === 1 || v === '1' || v === 'true') return accept(1);
    if (v === false || v === 0 || v === '0' || v === 'false') return accept(0);
    return refuse('expected 1 or 0 (or true/false)');
  },
  File: uploadList,
  Image: uploadList,
  // The signature as an image (a URL or data URL): no structure the page documents.
  Signature: text,
  // Departments and members by id.
  Dept: stext,
  MultiDept: textList,
  Member: stext,
  MultiMember: textList,
  Address: objectWith('expected an address (an object with province, city, district…)', ADDRESS_KEYS),
  Identify: stext,
  LicensePlate: shortText(LICENSE_PLATE_MAX_CHARS),
  Position: objectWith('expected a position (an address object with lng, lat, address…)', {
    ...ADDRESS_KEYS,
    address: 'string',
    lng: 'number',
    lat: 'number',
  }),
  Link: objectWith('expected a link (an object with url and linkTitle)', { url: 'string', linkTitle: 'string' }),
  JitMap: (v) => readableAsJson(v, isPlainObject(v), 'expected a mapping (a plain object)'),
  RowList: (v, zone, options) => rowList(v, zone, options),
  SubTable: (v, zone, options) => rowList(v, zone, options),
  MultiRelateData: (v, zone, options) => rowList(v, zone, options),
  RelateData: (v, zone, options) => row(v, zone, options),
  // A Q expression: its string form ("Q(status='active')"), a Q object, or Q's object form
  // ({ status: 'active' }); read here so that a malformed one is refused at the call, and passed
  // on as given (field names are checked by the model it is used on).
  QFilter: (v) => {
    if (v instanceof QExpression) return accept(v);
    const shaped = typeof v === 'string' || (isPlainObject(v) && readPlainJson(v).ok);
    if (!shaped) return refuse('expected a Q expression (its string form, a Q object or an object of field values)');
    try {
      if (typeof v === 'string') parseQ(v);
      else Q(v);
    } catch (err) {
      if (isJitError(err)) return refuse(`expected a Q expression: ${err.message}`);
      throw err;
    }
    return accept(v);
  },
};

/** The row types: a `generic` on them names the model of their rows. */
export const ROW_DATA_TYPES: readonly DataType[] = ['RowData', 'RowList', 'RelateData', 'MultiRelateData', 'SubTable'];

/** The data types whose values are JSON structures (objects, lists): a model stores them as JSON text. */
export const JSON_DATA_TYPES: readonly DataType[] = [
  'JitDict',
  'JitList',
  'JitMap',
  'RowData',
  'RowList',
  'RelateData',
  'MultiRelateData',
  'SubTable',
  'MultiRadio',
  'MultiDropdown',
  'MultiDept',
  'MultiMember',
  'File',
  'Image',
  'Address',
  'Position',
  'Link',
];

/**
 * A JitDict, JitList or RowData value: of the right shape, and readable as JSON as `JSON.stringify`
 * reads it (Dates and luxon DateTimes through their `toJSON`), without a Proxy, a getter that
 * throws or a cycle. Passed on as the same object, not its copy: a row returned by a model is
 * known by its identity (`ModelElement.modelOf`), and a Date in it stays a Date for the function.
 * Unless a getter gave any of its values: a getter may answer otherwise when read again, so then
 * the copy read here is passed on, and the function gets what was checked.
 */
function readableAsJson(value: unknown, shaped: boolean, expected: string): ConvertResult {
  if (!shaped) return refuse(expected);
  const read = readPlainJson(value, { asStringified: true });
  if (read.ok) return accept(read.getters ? read.value : value);
  return refuse(`${expected} that reads as JSON (${describeRefusal(read, 'value')})`);
}

/**
 * A value of one of the page's JSON shapes (a list of choices, files, an address, a link): read
 * into a plain JSON copy (a Proxy, a throwing getter, a cycle, a Date inside are refused), which
 * `shaped` then checks and the function receives. No identity to keep, unlike a row.
 */
function jsonShaped(value: unknown, expected: string, shaped: (copy: unknown) => boolean): ConvertResult {
  const read = readPlainJson(value);
  if (!read.ok) return refuse(`${expected} (${describeRefusal(read, 'value')})`);
  return shaped(read.value) ? accept(read.value) : refuse(expected);
}

/** A row: a plain object readable as JSON and, for a model `generic`, holding only that model's fields, each of its type. */
function row(value: unknown, zone: string, options: DataTypeOptions, at = 'value'): ConvertResult {
  const shape = readableAsJson(value, isPlainObject(value), 'expected a row (a plain object)');
  if (!shape.ok || !options.rowFields) return shape;
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key === (options.rowKey ?? 'id')) continue;
    const field = options.rowFields.find((f) => f.name === key);
    if (!field) return refuse(`${at}.${key}: not a field of the row's model`);
    const fieldValue = given[key];
    if (fieldValue === null || fieldValue === undefined) continue;
    const converted = convertValue(field.dataType, fieldValue, zone, { maxLength: field.maxLength });
    if (!converted.ok) return refuse(`${at}.${key} (${field.dataType}): ${converted.reason}`);
  }
  return shape;
}

/** Several rows: an array of {@link row}s, passed on as the same array. */
function rowList(value: unknown, zone: string, options: DataTypeOptions): ConvertResult {
  const shape = readableAsJson(value, !types.isProxy(value) && Array.isArray(value), 'expected a list of rows');
  if (!shape.ok) return shape;
  const rows = value as unknown[];
  for (let i = 0; i < rows.length; i++) {
    const one = row(rows[i], zone, options, `value[${i}]`);
    if (!one.ok) return refuse(one.reason.startsWith('expected') ? `value[${i}]: ${one.reason}` : one.reason);
  }
  return shape;
}

/**
 * Checks `value` against `dataType` and converts it to the form a service method receives:
 * numeric strings become numbers for `Numeric`/`Integer` (and `Money`, `Percent`, `AutoInt`), 1/0
 * and "true"/"false" become booleans (a `Checkbox` 1 or 0), `Date` becomes a `YYYY-MM-DD` string,
 * `Datetime` a luxon DateTime in `zone`, `Time` an `HH:mm:ss` string; `Phone`, `Email` and `Url`
 * are trimmed. An Stext is at most `options.maxLength` characters (255 without one). JitAi's other
 * types are taken in the JSON shape of their page: text types as strings, multiple choices as
 * lists of strings, files and images as lists, addresses, positions and links as objects, rows as
 * objects and lists of them (of the `generic` model's fields, see {@link DataTypeOptions}), a
 * QFilter as a Q expression. A data type object given for a value stands for its `value`. Pure.
 *
 * Only called for present values: whether `null`/`undefined` means "missing" (and whether that is
 * allowed or takes a default) is the caller's decision, so here they are refused like any other
 * value of the wrong type (except by `Any`). An unknown `dataType` is refused with a reason naming it.
 */
export function convertValue(dataType: string, value: unknown, zone: string, options: DataTypeOptions = {}): ConvertResult {
  if (!isDataType(dataType)) return refuse(`unknown data type "${dataType}"`);
  const given = dataType === 'Any' ? value : unwrapDataTypeObject(value);
  return CONVERTERS[dataType](given, zone, options);
}

/** The `value` of a data type object; anything else as it is. */
export function unwrapDataTypeObject(value: unknown): unknown {
  return isDataTypeObject(value) ? value.value : value;
}

/** True for a data type object (see {@link DATA_TYPE_OBJECT}); a Proxy is never one, and its traps are not run. */
export function isDataTypeObject(value: unknown): value is { value: unknown } {
  return typeof value === 'object' && value !== null && !types.isProxy(value) && DATA_TYPE_OBJECT in value;
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
