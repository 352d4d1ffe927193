import { types } from 'node:util';
import { JitError } from '../errors/JitError';
import { convertValue, ROW_DATA_TYPES, type DataType, type DataTypeOptions } from './dataTypes';
import type { FunctionArgument, FunctionDeclaration } from './FunctionDeclaration';
import { isPlainObject } from './plainJson';

/**
 * What {@link checkDeclaredArguments} makes of arguments by name: the values in declared order,
 * converted, or why they were refused. `argument` names the argument at fault; `given` says whether
 * it is a key of the arguments (an undeclared one, a bad value) or absent (a missing required one).
 */
export type DeclaredArguments = { ok: true; values: unknown[] } | { ok: false; message: string; argument?: string; given: boolean };

/**
 * The validation step of the call path of declared functions, on its own: checks arguments by name
 * against a declaration (undeclared keys, missing required arguments, values of the wrong
 * `dataType`) and converts them, without calling anything. `callFunction` calls with what it gives;
 * task creation and app loading use it to refuse a task's arguments before the task is written, so
 * that a task cannot be stored only to fail when it runs.
 *
 * Only own keys count (a declared `toString` is not taken from `Object.prototype`), and a value whose
 * reading or conversion throws (a getter, a hostile object) is refused like any bad value. With
 * `rowModelOf`, the rows of a row type whose `generic` names a model are checked against that
 * model's fields.
 */
export function checkDeclaredArguments(
  decl: FunctionDeclaration,
  argsByName: unknown,
  zone: string,
  rowModelOf?: RowModelLookup,
): DeclaredArguments {
  if (argsByName === undefined || argsByName === null) argsByName = {};
  if (!isPlainObject(argsByName)) return { ok: false, message: 'arguments must be given as an object of named values', given: false };
  const given = argsByName;
  const declared = decl.args ?? [];
  for (const key of Object.keys(given)) {
    if (!declared.some((a) => a.name === key)) return { ok: false, message: `undeclared argument '${key}'`, argument: key, given: true };
  }
  const values: unknown[] = [];
  for (const arg of declared) {
    const present = Object.hasOwn(given, arg.name);
    let converted;
    try {
      const value = present ? given[arg.name] : undefined;
      if (value === undefined || value === null) {
        if (arg.required) return { ok: false, message: `missing required argument '${arg.name}'`, argument: arg.name, given: present };
        values.push(arg.default ?? value);
        continue;
      }
      converted = types.isProxy(value)
        ? { ok: false as const, reason: 'a Proxy is not a value of any data type' }
        : convertValue(arg.dataType ?? 'Any', value, zone, { maxLength: arg.maxLength, ...rowOptions(arg, rowModelOf) });
    } catch (err) {
      if (err instanceof JitError) throw err;
      converted = { ok: false as const, reason: 'reading it threw' };
    }
    if (!converted.ok)
      return { ok: false, message: `argument '${arg.name}' (${arg.dataType}): ${converted.reason}`, argument: arg.name, given: true };
    values.push(converted.value);
  }
  return { ok: true, values };
}

/** The fields and key of the model a row type's `generic` names, or undefined when it names none. */
export type RowModelLookup = (fullName: string) => Pick<DataTypeOptions, 'rowFields' | 'rowKey'> | undefined;

/** The row options of an argument of a row type with a model `generic`; none for other arguments. */
function rowOptions(arg: FunctionArgument, rowModelOf: RowModelLookup | undefined): DataTypeOptions {
  if (!rowModelOf || typeof arg.generic !== 'string' || !ROW_DATA_TYPES.includes(arg.dataType as DataType)) return {};
  return rowModelOf(arg.generic) ?? {};
}
