/**
 * Decimal notation: digits with an optional sign and fraction. `Number()` also reads hexadecimal
 * ("0x10" is 16), octal, binary, exponents and "Infinity": text from the environment that means
 * something else must not become a number of seconds.
 */
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/**
 * A setting read as a number: a number as it is, or decimal text (surrounding spaces allowed),
 * which is what a `{{PLACEHOLDER}}` fills in as. Undefined when the value is neither (NaN
 * included), so that the check of the setting and the code that uses it read the value the same way.
 */
export function settingNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && DECIMAL_TEXT.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && !Number.isNaN(n) ? n : undefined;
}
