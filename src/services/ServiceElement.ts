import { ElementBase, type ElementAttributes } from '../runtime/ElementBase';
import type { ElementDefine } from '../runtime/ElementDefinition';
import { checkFunctionDataTypes, type FunctionDataTypeProblem } from './checkFunctionDataTypes';
import type { FunctionDeclaration } from './FunctionDeclaration';
import { invokeDeclaredFunction, positionalToNamed } from './invokeDeclaredFunction';

/**
 * The class of the `services` family (the module of `services.Meta`). Every declared function is
 * reachable two ways, `svc.fn(a, b)` and `svc.callFunction('fn', { a, b })`, and both go through
 * `callFunction`: a Type that overrides it (logging, auth, metrics) wraps every declared function
 * of every service of that Type.
 */
export class ServiceElement extends ElementBase {
  /**
   * The load-time check of a service's definition: the data types of each declared function's
   * arguments and return (a `generic` must name a model `lookup` finds). Whether each function is
   * a method of the class is the runtime's own check, for every family.
   */
  static validateDefine(
    define: ElementDefine,
    lookup: (fullName: string) => ElementDefine | undefined = () => undefined,
  ): FunctionDataTypeProblem[] {
    const list: unknown = define.functionList;
    if (!Array.isArray(list)) return [];
    return list.flatMap((fn: { args?: unknown; returnType?: unknown }, i) => checkFunctionDataTypes(fn, i, lookup));
  }

  override initElement(attributes: ElementAttributes): void {
    super.initElement(attributes);
    const list = (attributes.define.functionList ?? []) as FunctionDeclaration[];
    for (const decl of list) {
      // An own property shadows the class method, so a positional call is routed by name too.
      Object.defineProperty(this, decl.name, {
        configurable: true,
        writable: true,
        enumerable: false,
        value: async (...args: unknown[]) => this.callFunction(decl.name, positionalToNamed(this, decl, args)),
      });
    }
  }

  /** Calls the declared function `name` with arguments by name, validated and converted by dataType. */
  callFunction(name: string, argsByName: Record<string, unknown> = {}): Promise<unknown> {
    return invokeDeclaredFunction(this, name, argsByName);
  }
}
