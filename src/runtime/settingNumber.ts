/**
 * A setting read as a number: a number as it is, or a numeric string, which is what a
 * `{{PLACEHOLDER}}` fills in as. Undefined when the value is neither (NaN included), so that the
 * check of the setting and the code that uses it read the value the same way.
 */
export function settingNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && !Number.isNaN(n) ? n : undefined;
}
