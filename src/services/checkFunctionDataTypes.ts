import type { ElementDefine } from '../runtime/ElementDefinition';
import { checkDeclaredDataType } from './checkDeclaredDataType';
import { DATA_TYPES, ROW_DATA_TYPES, type DataType } from './dataTypes';

/** A problem in a `functionList` entry's data types: where (key path inside the definition) and what. */
export interface FunctionDataTypeProblem {
  path: Array<string | number>;
  message: string;
}

/** The types whose `generic` names a model (the page's RowData, RowList, RelateData… and JitList). */
const MODEL_GENERIC_TYPES: readonly string[] = [...ROW_DATA_TYPES, 'JitList'];

/** What a `returnType` may be besides a data type: JitAi's `None`, a function that returns nothing. */
const NO_VALUE = 'None';

/**
 * The load-time check of the data types of `functionList[index]`: each argument's `dataType` (and
 * `maxLength`, see {@link checkDeclaredDataType}), the `generic` of a row type or JitList (the
 * fullName of a model the element's app sees: `defineOf` gives its definition, which must declare
 * `fields`), and the `returnType` (a data type, or `None`). Run when the app loads, so that a
 * function whose declaration no call could satisfy never loads. Pure.
 */
export function checkFunctionDataTypes(
  fn: { args?: unknown; returnType?: unknown },
  index: number,
  defineOf: (fullName: string) => ElementDefine | undefined,
): FunctionDataTypeProblem[] {
  const problems: FunctionDataTypeProblem[] = [];
  if (Array.isArray(fn.args)) {
    fn.args.forEach((arg: { dataType?: unknown; maxLength?: unknown; generic?: unknown }, j) => {
      const at = ['functionList', index, 'args', j];
      for (const problem of checkDeclaredDataType(arg, DATA_TYPES)) problems.push({ path: [...at, problem.key], message: problem.message });
      if (arg.generic !== undefined && MODEL_GENERIC_TYPES.includes(String(arg.dataType))) {
        const message = genericProblem(arg.generic, arg.dataType as DataType, defineOf);
        if (message) problems.push({ path: [...at, 'generic'], message });
      }
    });
  }
  const returnType = fn.returnType;
  if (returnType !== undefined && returnType !== NO_VALUE && !(DATA_TYPES as readonly unknown[]).includes(returnType)) {
    problems.push({
      path: ['functionList', index, 'returnType'],
      message: `unknown returnType '${typeof returnType === 'string' ? returnType : JSON.stringify(returnType)}' (one of ${DATA_TYPES.join(', ')}, or ${NO_VALUE})`,
    });
  }
  return problems;
}

function genericProblem(generic: unknown, dataType: DataType, defineOf: (fullName: string) => ElementDefine | undefined): string | null {
  if (typeof generic !== 'string') return `the generic of a ${dataType} is the fullName of a model, not ${JSON.stringify(generic)}`;
  const define = defineOf(generic);
  if (!define) return `generic '${generic}' names no element this app sees (the generic of a ${dataType} is a model's fullName)`;
  if (!Array.isArray(define.fields)) return `generic '${generic}' is not a model (it declares no fields)`;
  return null;
}
