import type { JsonValue } from '../TaskRecord';

/** What no text column of PostgreSQL can hold: NUL, and a UTF-16 surrogate without its other half. */
// eslint-disable-next-line no-control-regex -- NUL is the very character to find
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * How `JSON.stringify` writes those characters (as `\u0000` and `\ud800`…`\udfff` escapes): a
 * JSON text without one holds none of them, so most results are not walked at all.
 */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/** `text` with NUL and unpaired surrogates replaced by U+FFFD (the replacement character). */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

/**
 * `value` (parsed from `json`, its `JSON.stringify` text) with NUL and unpaired surrogates replaced
 * by U+FFFD in every string and key, so that every database stores it, and stores it alike.
 * PostgreSQL refuses NUL in text, and an unpaired surrogate has no UTF-8 form at all.
 */
export function storableJson(value: JsonValue, json: string): JsonValue {
  return UNSTORABLE_ESCAPE.test(json) ? clean(value) : value;
}

function clean(value: JsonValue): JsonValue {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clean);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) out[storableText(key)] = clean(item);
  return out;
}
