import { INTEGER_TEXT, isDataType, STEXT_MAX_CHARS, TIME_TEXT, type DataType } from '../services/dataTypes';
import type { FunctionArgument } from '../services/FunctionDeclaration';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

const NUMBER_OR_TEXT: JsonSchema = { anyOf: [{ type: 'number' }, { type: 'string', description: 'a number in decimal notation' }] };
const INTEGER_OR_TEXT: JsonSchema = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: INTEGER_TEXT.source }] };
const SHORT_TEXT: JsonSchema = { type: 'string', maxLength: STEXT_MAX_CHARS };
const TEXT_LIST: JsonSchema = { type: 'array', items: { type: 'string' } };
const UPLOAD_LIST: JsonSchema = { type: 'array', items: { anyOf: [{ type: 'object' }, { type: 'string' }] } };
const ROW_LIST: JsonSchema = { type: 'array', items: { type: 'object' } };
const ADDRESS_PROPERTIES: JsonSchema = {
  province: { type: ['string', 'null'] },
  city: { type: ['string', 'null'] },
  district: { type: ['string', 'null'] },
};

/**
 * What each data type accepts over JSON, as its conversion (`convertValue`) accepts it: numbers
 * and integers also as text, booleans also as 1/0 and "true"/"false", times as the app-zone text.
 */
const SCHEMAS: Record<Exclude<DataType, 'Stext'>, JsonSchema> = {
  Ltext: { type: 'string' },
  Numeric: NUMBER_OR_TEXT,
  Integer: INTEGER_OR_TEXT,
  Boolean: { anyOf: [{ type: 'boolean' }, { enum: [0, 1, 'true', 'false'] }] },
  Date: { type: 'string', format: 'date' },
  Datetime: { type: 'string', description: 'YYYY-MM-DD HH:mm:ss in the app zone, or ISO 8601 with an offset' },
  JitDict: { type: 'object' },
  JitList: { type: 'array' },
  RowData: { type: 'object' },
  Any: {},
  Money: NUMBER_OR_TEXT,
  Percent: NUMBER_OR_TEXT,
  AutoInt: INTEGER_OR_TEXT,
  Phone: { type: 'string', description: 'digits, spaces and ()./-, an optional leading +' },
  Email: { type: 'string', format: 'email' },
  Url: { type: 'string', format: 'uri', description: 'an http or https URL' },
  Time: { type: 'string', pattern: TIME_TEXT.source },
  // JitAi's other types, in the JSON shapes their conversion takes.
  RichText: { type: 'string', contentMediaType: 'text/html' },
  Serial: SHORT_TEXT,
  Radio: SHORT_TEXT,
  Dropdown: SHORT_TEXT,
  MultiRadio: TEXT_LIST,
  MultiDropdown: TEXT_LIST,
  Checkbox: { anyOf: [{ enum: [0, 1, '0', '1'] }, { type: 'boolean' }] },
  File: UPLOAD_LIST,
  Image: UPLOAD_LIST,
  Signature: { type: 'string' },
  Dept: SHORT_TEXT,
  MultiDept: TEXT_LIST,
  Member: SHORT_TEXT,
  MultiMember: TEXT_LIST,
  Address: { type: 'object', properties: ADDRESS_PROPERTIES },
  Identify: SHORT_TEXT,
  LicensePlate: { type: 'string', maxLength: 12 },
  Position: {
    type: 'object',
    properties: {
      ...ADDRESS_PROPERTIES,
      address: { type: ['string', 'null'] },
      lng: { type: ['number', 'null'] },
      lat: { type: ['number', 'null'] },
    },
  },
  Link: { type: 'object', properties: { url: { type: ['string', 'null'] }, linkTitle: { type: ['string', 'null'] } } },
  SubTable: ROW_LIST,
  JitMap: { type: 'object' },
  RowList: ROW_LIST,
  RelateData: { type: 'object' },
  MultiRelateData: ROW_LIST,
  QFilter: { type: 'string', description: "a Q expression, e.g. Q(status='active')" },
};

/** The JSON Schema of a declared argument: its dataType's, with its title and default. */
export function dataTypeSchema(arg: FunctionArgument): JsonSchema {
  const type = arg.dataType ?? 'Any';
  let schema: JsonSchema;
  if (type === 'Stext') schema = { type: 'string', maxLength: arg.maxLength ?? STEXT_MAX_CHARS };
  else schema = isDataType(type) ? { ...SCHEMAS[type as Exclude<DataType, 'Stext'>] } : {};
  if (arg.title !== undefined) schema.title = arg.title;
  if (arg.default !== undefined) schema.default = arg.default;
  return schema;
}
