import type { ElementDefine } from '../runtime/ElementDefinition';
import { ElementBase } from '../runtime/ElementBase';
import { checkTemplateArgDict, type TemplateArguments } from './checkTemplateArgDict';

/** The `funcType` of a template: call a declared function of another element, or the template's own. */
export type FuncType = 'Global' | 'Inner';

/**
 * The class of the `tasks` family (the module of `tasks.Meta`): a task template. Templates are
 * configuration; the task engine reads them to schedule and run tasks.
 */
export class TaskTemplateElement extends ElementBase {
  /**
   * Family checks beyond the schema, run at load for every template: the shape of `func`, then
   * whether it can be called with what the template passes it (see {@link checkTemplateArgDict};
   * `passes` is `rowData` for date-field templates).
   */
  static validateDefine(
    define: ElementDefine, lookup: (fullName: string) => ElementDefine | undefined = () => undefined, passes: TemplateArguments = 'argDict',
  ): Array<{ path: Array<string | number>; message: string }> {
    const problems: Array<{ path: Array<string | number>; message: string }> = [];
    const func = define.func ?? define.taskFunc;
    const funcKey = define.func !== undefined ? 'func' : 'taskFunc';
    const funcType = define.funcType ?? 'Global';
    if (funcType === 'Global') {
      if (typeof func !== 'string' || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+\.[A-Za-z_$][\w$]*$/.test(func)) {
        problems.push({ path: [funcKey], message: "funcType Global needs func 'family.Element.function'" });
      }
    } else if (func !== undefined && (typeof func !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(func))) {
      problems.push({ path: [funcKey], message: 'funcType Inner takes a bare function name (default customFunc)' });
    }
    if (problems.length === 0) problems.push(...checkTemplateArgDict(define, lookup, passes));
    return problems;
  }

  /** `enable` as JitAi writes it (true/false or 1/0); default true. */
  get enabled(): boolean {
    const e = this.define.enable;
    return e === undefined || e === true || e === 1;
  }
}
