import { INTEGER_TEXT, isDataType, STEXT_MAX_CHARS, TIME_TEXT, type DataType } from '../services/dataTypes';
import type { FunctionArgument } from '../services/FunctionDeclaration';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

const NUMBER_OR_TEXT: JsonSchema = { anyOf: [{ type: 'number' }, { type: 'string', description: 'a number in decimal notation' }] };
const INTEGER_OR_TEXT: JsonSchema = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: INTEGER_TEXT.source }] };

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
