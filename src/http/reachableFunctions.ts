import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import type { ElementRecord } from '../runtime/ElementDefinition';
import { findFunctionDeclaration, type FunctionDeclaration } from '../services/FunctionDeclaration';

/** A function the HTTP API serves: a declared function of a public service Instance. */
export interface ReachableFunction {
  fullName: string;
  decl: FunctionDeclaration & { loginRequired?: boolean | 0 | 1 };
}

/** Whether calling `decl` needs a token: unless it is declared `loginRequired: false` (JitAi writes 0). */
export function needsLogin(decl: ReachableFunction['decl']): boolean {
  return decl.loginRequired !== false && decl.loginRequired !== 0;
}

/**
 * Whether HTTP clients may reach an element at all (SPEC: only declared functions of `public`
 * Instances): an Instance of the services family (whose objects have `callFunction`) that its
 * definition does not restrict. `protected` is for child apps' code, `private` for the app's own.
 */
function isServed(record: ElementRecord): boolean {
  const access = record.define.accessModifier;
  return (
    record.kind === 'Instance' &&
    record.visible &&
    record.typeChain.includes('services.Meta') &&
    (access === undefined || access === 'public')
  );
}

/** Every function the HTTP API serves, sorted by element then declared order (the OpenAPI document's). */
export function reachableFunctions(app: App): ReachableFunction[] {
  return app
    .allRecords()
    .filter(isServed)
    .sort((a, b) => a.fullName.localeCompare(b.fullName))
    .flatMap((r) => ((r.define.functionList ?? []) as FunctionDeclaration[]).map((decl) => ({ fullName: r.fullName, decl })));
}

/** The function `name` of `fullName` if the HTTP API serves it; else ELEMENT_NOT_FOUND or FUNCTION_NOT_FOUND. */
export function findReachableFunction(app: App, fullName: string, name: string): ReachableFunction {
  const record = app.recordOf(fullName);
  if (!isServed(record)) throw new JitError('ELEMENT_NOT_FOUND', `'${fullName}' is not a public service Instance`, { fullName });
  const decl = findFunctionDeclaration(record.define, name);
  if (!decl) throw new JitError('FUNCTION_NOT_FOUND', `'${fullName}' has no declared function '${name}'`, { fullName });
  return { fullName, decl };
}
