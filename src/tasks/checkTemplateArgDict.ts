import type { ElementDefine } from '../runtime/ElementDefinition';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { findFunctionDeclaration } from '../services/FunctionDeclaration';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';
import type { JsonObject } from './TaskRecord';

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

/** What a template passes its function: its `argDict` (timer templates) or `{ rowData }` (date-field templates). */
export type TemplateArguments = 'argDict' | 'rowData';

/**
 * Checks that a template's Global `func` can be called with what the template passes it, as its
 * `callFunction` would check it: a function that is not there, or that refuses the arguments,
 * would otherwise fail every run. `func` must name an element `lookup` knows (the merged
 * definition of a visible element) and a function its `functionList` declares. A timer template
 * passes its own `argDict` (`{}` when it has none), which its occurrences and the timer tasks
 * created without one run with; a date-field template passes `{ rowData }`, the row (checked as an
 * empty row: whether a row's fields fit is the model's business). An Inner function declares
 * nothing: any plain JSON `argDict` fits (an own `__proto__` key, which YAML can write, is no plain
 * JSON for either). The shape of `func` is checked before, by the template's family.
 */
export function checkTemplateArgDict(
  define: ElementDefine,
  lookup: (fullName: string) => ElementDefine | undefined,
  passes: TemplateArguments = 'argDict',
): TemplateArgDictProblem[] {
  let args: JsonObject = { rowData: {} };
  if (passes === 'argDict') {
    const read = readPlainJsonObject(define.argDict ?? {});
    if (!read.ok)
      return [
        {
          path: ['argDict', ...(read.path ? [read.path] : [])],
          message: `must be a plain JSON object (${describeRefusal(read, 'argDict')})`,
        },
      ];
    args = read.value;
  }
  const func = define.func ?? define.taskFunc;
  const funcKey = define.func !== undefined ? 'func' : 'taskFunc';
  if ((define.funcType ?? 'Global') !== 'Global' || typeof func !== 'string') return [];
  const dot = func.lastIndexOf('.');
  const elementName = func.slice(0, dot);
  const target = lookup(elementName);
  if (!target) return [{ path: [funcKey], message: `'${func}' names no element '${elementName}' this app can see` }];
  const declaration = findFunctionDeclaration(target, func.slice(dot + 1));
  if (!declaration) return [{ path: [funcKey], message: `'${elementName}' declares no function '${func.slice(dot + 1)}' (functionList)` }];
  const checked = checkDeclaredArguments(declaration, args, ANY_ZONE);
  if (checked.ok) return [];
  if (passes === 'rowData')
    return [{ path: [funcKey], message: `${func} is called with { rowData } (the row) and would refuse it: ${checked.message}` }];
  const path = checked.given && checked.argument !== undefined ? ['argDict', checked.argument] : ['argDict'];
  return [{ path, message: `${func} would refuse it: ${checked.message}` }];
}
