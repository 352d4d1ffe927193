import { STEXT_MAX_CHARS } from './dataTypes';

/** What {@link checkDeclaredDataType} finds wrong with a declaration: which of its keys, and why. */
export interface DeclaredDataTypeProblem {
  key: 'dataType' | 'maxLength';
  message: string;
}

/**
 * The load-time check of a declared `dataType` (an argument's, a model field's) and its `maxLength`:
 * the type must be one of `known` (the types of its place), and a `maxLength` belongs to an Stext
 * and stays within an Stext's 255 characters. Run when the app loads, so that a definition naming a
 * type nobody converts is refused there, not on every call. `dataType` undefined is allowed (an
 * argument without one takes any value); the schema has already made both keys of the right JSON
 * type. Pure.
 */
export function checkDeclaredDataType(
  declared: { dataType?: unknown; maxLength?: unknown },
  known: readonly string[],
): DeclaredDataTypeProblem[] {
  const problems: DeclaredDataTypeProblem[] = [];
  const { dataType, maxLength } = declared;
  const shown = typeof dataType === 'string' ? dataType : JSON.stringify(dataType);
  if (dataType !== undefined && !known.includes(shown)) {
    problems.push({ key: 'dataType', message: `unknown dataType '${shown}' (one of ${known.join(', ')})` });
  }
  if (maxLength !== undefined) {
    if (dataType !== 'Stext')
      problems.push({
        key: 'maxLength',
        message: `maxLength applies to Stext only, not to ${dataType === undefined || dataType === null ? 'an argument without dataType' : shown}`,
      });
    else if (Number(maxLength) > STEXT_MAX_CHARS)
      problems.push({ key: 'maxLength', message: `an Stext has at most ${STEXT_MAX_CHARS} characters (use Ltext for longer text)` });
  }
  return problems;
}
