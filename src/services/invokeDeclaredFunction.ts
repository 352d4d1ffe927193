import { JitError } from '../errors/JitError';
import type { ElementBase } from '../runtime/ElementBase';
import { convertValue } from './dataTypes';
import { findFunctionDeclaration, type FunctionDeclaration } from './FunctionDeclaration';

/**
 * The one call path of declared functions (SPEC §6): finds `name` in the element's `functionList`
 * (nothing undeclared is reachable), checks and converts the arguments by `dataType`, then calls the
 * class's method with them in declared order. Refusals are API_PARAMS_ERROR / FUNCTION_NOT_FOUND.
 */
export async function invokeDeclaredFunction(instance: ElementBase, name: string, argsByName: unknown): Promise<unknown> {
  const decl = findFunctionDeclaration(instance.define, name);
  const method = decl ? (Object.getPrototypeOf(instance) as Record<string, unknown>)[name] : undefined;
  if (!decl || typeof method !== 'function') {
    throw new JitError('FUNCTION_NOT_FOUND', `'${instance.fullName}' has no declared function '${name}'`, { fullName: instance.fullName });
  }
  const positional = prepareArguments(instance, decl, argsByName);
  return await (method as (...a: unknown[]) => unknown).apply(instance, positional);
}

/** Maps a positional call `svc.fn(a, b)` onto the declared argument names. */
export function positionalToNamed(instance: ElementBase, decl: FunctionDeclaration, args: unknown[]): Record<string, unknown> {
  const declared = decl.args ?? [];
  if (args.length > declared.length) {
    throw new JitError('API_PARAMS_ERROR', `${instance.fullName}.${decl.name} takes ${declared.length} argument(s), got ${args.length}`, { fullName: instance.fullName });
  }
  const named: Record<string, unknown> = {};
  args.forEach((value, i) => {
    if (value !== undefined) named[declared[i]!.name] = value;
  });
  return named;
}

function prepareArguments(instance: ElementBase, decl: FunctionDeclaration, argsByName: unknown): unknown[] {
  const where = `${instance.fullName}.${decl.name}`;
  const fail = (message: string, argument?: string): never => {
    throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { fullName: instance.fullName, details: argument ? { argument } : {} });
  };
  if (argsByName === undefined || argsByName === null) argsByName = {};
  if (typeof argsByName !== 'object' || Array.isArray(argsByName)) fail('arguments must be given as an object of named values');
  const given = argsByName as Record<string, unknown>;
  const declared = decl.args ?? [];
  for (const key of Object.keys(given)) {
    if (!declared.some((a) => a.name === key)) fail(`undeclared argument '${key}'`, key);
  }
  return declared.map((arg) => {
    const value = given[arg.name];
    if (value === undefined || value === null) {
      if (arg.required) fail(`missing required argument '${arg.name}'`, arg.name);
      return arg.default ?? value;
    }
    const converted = convertValue(arg.dataType ?? 'Any', value, instance.app.timezone);
    if (!converted.ok) fail(`argument '${arg.name}' (${arg.dataType}): ${converted.reason}`, arg.name);
    return converted.ok ? converted.value : undefined;
  });
}
