import type { ElementDefine } from '../runtime/ElementDefinition';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { findFunctionDeclaration } from '../services/FunctionDeclaration';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';

/** A problem of a template's `argDict`: where (key path) and what. */
export interface TemplateArgDictProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * Zone for converting values at load, where the app's zone is not at hand: whether a value fits a
 * data type does not depend on the zone (a wall time in a DST gap is moved, not refused), only the
 * converted value does, and that is not kept.
 */
const ANY_ZONE = 'UTC';

/**
 * Checks a timer template's own `argDict` (`{}` when it has none), which its occurrences and the
 * timer tasks created without one run with, as its Global function's `callFunction` would check
 * it: a default the function refuses would otherwise fail every run. `lookup` gives the merged
 * definition of the element the `func` names; an unknown element or function is left to the
 * checks that resolve it. An Inner function declares nothing: any plain JSON object fits (an own
 * `__proto__` key, which YAML can write, is no plain JSON for either).
 */
export function checkTemplateArgDict(define: ElementDefine, lookup: (fullName: string) => ElementDefine | undefined): TemplateArgDictProblem[] {
  const read = readPlainJsonObject(define.argDict ?? {});
  if (!read.ok) return [{ path: ['argDict', ...(read.path ? [read.path] : [])], message: `must be a plain JSON object (${describeRefusal(read, 'argDict')})` }];
  const func = define.func ?? define.taskFunc;
  if ((define.funcType ?? 'Global') !== 'Global' || typeof func !== 'string') return [];
  const dot = func.lastIndexOf('.');
  const target = dot > 0 ? lookup(func.slice(0, dot)) : undefined;
  const declaration = target ? findFunctionDeclaration(target, func.slice(dot + 1)) : undefined;
  if (!declaration) return [];
  const checked = checkDeclaredArguments(declaration, read.value, ANY_ZONE);
  if (checked.ok) return [];
  const path = checked.given && checked.argument !== undefined ? ['argDict', checked.argument] : ['argDict'];
  return [{ path, message: `${func} would refuse it: ${checked.message}` }];
}
