import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import type { ElementBase } from '../runtime/ElementBase';
import { checkDeclaredArguments } from './checkDeclaredArguments';
import { createDataTypeObject } from './dataTypeObjects';
import { convertValue, isDataTypeObject, ROW_DATA_TYPES, unwrapDataTypeObject, type DataType } from './dataTypes';
import type { DataTypeObject } from './DataTypeObject';
import { findFunctionDeclaration, takesDataTypeObjects, type FunctionArgument, type FunctionDeclaration } from './FunctionDeclaration';
import { rowModelLookup } from './rowModelLookup';

/**
 * The one call path of declared functions (SPEC §6): finds `name` in the element's `functionList`
 * (nothing undeclared is reachable), checks and converts the arguments by `dataType`
 * ({@link checkDeclaredArguments}), then calls the class's method with them in declared order.
 * Refusals are API_PARAMS_ERROR / FUNCTION_NOT_FOUND.
 *
 * With `argsToDatatype` on (JitAi's `true` or `1`) the method receives data type objects (`.value`
 * holds the converted value; a missing argument is an object whose value is null), and what it
 * returns is an object of its `returnType` (a plain value converted to one; one that does not
 * convert is INTERNAL_ERROR, the function's fault). Off, the method receives plain values, and a
 * data type object it returns is returned as its value.
 */
export async function invokeDeclaredFunction(instance: ElementBase, name: string, argsByName: unknown): Promise<unknown> {
  const decl = findFunctionDeclaration(instance.define, name);
  const method = decl ? (Object.getPrototypeOf(instance) as Record<string, unknown>)[name] : undefined;
  if (!decl || typeof method !== 'function') {
    throw new JitError('FUNCTION_NOT_FOUND', `'${instance.fullName}' has no declared function '${name}'`, { fullName: instance.fullName });
  }
  const checked = checkDeclaredArguments(decl, argsByName, instance.app.timezone, rowModelLookup(instance.app));
  if (!checked.ok) {
    const details = checked.argument === undefined ? {} : { argument: checked.argument };
    throw new JitError('API_PARAMS_ERROR', `${instance.fullName}.${name}: ${checked.message}`, { fullName: instance.fullName, details });
  }
  if (!takesDataTypeObjects(decl)) {
    return unwrapDataTypeObject(await (method as (...a: unknown[]) => unknown).apply(instance, checked.values));
  }
  const objects = checked.values.map((value, i) => argumentObject(decl.args![i]!, value, instance.app));
  const result = await (method as (...a: unknown[]) => unknown).apply(instance, objects);
  return returnedObject(instance, decl, result);
}

/** An argument as the data type object of its declaration, its keys (`title`, `generic`…) as init parameters. */
function argumentObject(arg: FunctionArgument, value: unknown, app: App): DataTypeObject {
  const { dataType = 'Any', name, title, generic } = arg;
  const init: Record<string, unknown> = { name, title, generic };
  if (typeof generic === 'string' && ROW_DATA_TYPES.includes(dataType as DataType)) {
    // The page's RowList.Model: the element of the rows' model.
    init.Model = modelElement(app, generic);
    init.pkName = rowModelLookup(app)(generic)?.rowKey;
  }
  return createDataTypeObject(dataType, value, init);
}

function modelElement(app: App, fullName: string): unknown {
  try {
    return app.getElement(fullName);
  } catch {
    return undefined;
  }
}

/** What a function with `argsToDatatype` returned, as an object of its `returnType` (null, undefined and `Any` as they are). */
function returnedObject(instance: ElementBase, decl: FunctionDeclaration, result: unknown): unknown {
  const returnType = decl.returnType;
  if (result === undefined || result === null || returnType === undefined || returnType === 'Any') return result;
  if (isDataTypeObject(result) && (result as DataTypeObject).dataType === returnType) return result;
  const converted = convertValue(returnType, result, instance.app.timezone);
  if (!converted.ok) {
    throw new JitError(
      'INTERNAL_ERROR',
      `${instance.fullName}.${decl.name} returned a value that is not a ${returnType} (${converted.reason})`,
      { fullName: instance.fullName },
    );
  }
  return createDataTypeObject(returnType, converted.value);
}

/** Maps a positional call `svc.fn(a, b)` onto the declared argument names. */
export function positionalToNamed(instance: ElementBase, decl: FunctionDeclaration, args: unknown[]): Record<string, unknown> {
  const declared = decl.args ?? [];
  if (args.length > declared.length) {
    throw new JitError('API_PARAMS_ERROR', `${instance.fullName}.${decl.name} takes ${declared.length} argument(s), got ${args.length}`, {
      fullName: instance.fullName,
    });
  }
  const named: Record<string, unknown> = {};
  args.forEach((value, i) => {
    if (value !== undefined) named[declared[i]!.name] = value;
  });
  return named;
}
