import { JitError } from '../errors/JitError';
import type { ElementBase } from '../runtime/ElementBase';
import { checkDeclaredArguments } from './checkDeclaredArguments';
import { findFunctionDeclaration, type FunctionDeclaration } from './FunctionDeclaration';

/**
 * The one call path of declared functions (SPEC §6): finds `name` in the element's `functionList`
 * (nothing undeclared is reachable), checks and converts the arguments by `dataType`
 * ({@link checkDeclaredArguments}), then calls the class's method with them in declared order.
 * Refusals are API_PARAMS_ERROR / FUNCTION_NOT_FOUND.
 */
export async function invokeDeclaredFunction(instance: ElementBase, name: string, argsByName: unknown): Promise<unknown> {
  const decl = findFunctionDeclaration(instance.define, name);
  const method = decl ? (Object.getPrototypeOf(instance) as Record<string, unknown>)[name] : undefined;
  if (!decl || typeof method !== 'function') {
    throw new JitError('FUNCTION_NOT_FOUND', `'${instance.fullName}' has no declared function '${name}'`, { fullName: instance.fullName });
  }
  const checked = checkDeclaredArguments(decl, argsByName, instance.app.timezone);
  if (!checked.ok) {
    const details = checked.argument === undefined ? {} : { argument: checked.argument };
    throw new JitError('API_PARAMS_ERROR', `${instance.fullName}.${name}: ${checked.message}`, { fullName: instance.fullName, details });
  }
  return await (method as (...a: unknown[]) => unknown).apply(instance, checked.values);
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
