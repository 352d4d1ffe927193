import type { ElementDefine } from '../runtime/ElementDefinition';

/** One argument of a declared function (`functionList[].args[]`). */
export interface FunctionArgument {
  name: string;
  title?: string;
  dataType?: string;
  /** The most characters of an `Stext` argument (JitAi's `maxLength`; 255 without it). */
  maxLength?: number;
  required?: boolean;
  default?: unknown;
  generic?: unknown;
}

/** One entry of `functionList` (SPEC §6). */
export interface FunctionDeclaration {
  name: string;
  title?: string;
  args?: FunctionArgument[];
  returnType?: string;
  desc?: string;
  /** JitAi's switch (true or 1): the function receives data type objects (`.value`) and returns one of `returnType`. */
  argsToDatatype?: boolean | 0 | 1;
}

/** True when a declaration has `argsToDatatype` on (JitAi writes `true` or `1`). */
export function takesDataTypeObjects(decl: FunctionDeclaration): boolean {
  return decl.argsToDatatype === true || decl.argsToDatatype === 1;
}

/** The declaration of `name` in an element's merged definition, or undefined when it is not declared. */
export function findFunctionDeclaration(define: ElementDefine, name: string): FunctionDeclaration | undefined {
  const list = define.functionList;
  if (!Array.isArray(list)) return undefined;
  return (list as FunctionDeclaration[]).find((f) => f.name === name);
}
