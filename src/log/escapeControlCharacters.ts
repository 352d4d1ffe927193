/**
 * Characters that can forge or hide a log line: C0 controls (line feed, carriage return, tab,
 * escape…), DEL and C1 controls (U+0085 is a line break to some readers), the Unicode line and
 * paragraph separators, and the bidirectional marks and overrides that reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with every character that could start a new line or disguise one written as an escape:
 * `\n`, `\r`, `\t`, else `\uXXXX`. A logged value then stays on its own line, whatever it holds.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
