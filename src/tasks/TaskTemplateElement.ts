import type { ElementDefine } from '../runtime/ElementDefinition';
import { ElementBase } from '../runtime/ElementBase';
import { checkTemplateArgDict, type TemplateArguments } from './checkTemplateArgDict';
import { templateSettings } from './TemplateSettings';

/** The `funcType` of a template: call a declared function of another element, or the template's own. */
export type FuncType = 'Global' | 'Inner';

/**
 * The class of the `tasks` family (the module of `tasks.Meta`): a task template. Templates are
 * configuration; the task engine reads them to schedule and run tasks.
 */
export class TaskTemplateElement extends ElementBase {
  /** What the template's function is called with: `argDict` (timer templates) or `rowData` (date-field templates). */
  static readonly passes: TemplateArguments = 'argDict';

  /**
   * Family checks beyond the schema, run at load for every template: the shape of `func`; for an
   * Inner function that the template runs itself (an enabled template with a timer: its
   * occurrences call it), that the template's module exports it, else every run would fail (the
   * tasks created with another function are checked when they are created); for a Global one,
   * whether it can be called with what the template passes it (see {@link checkTemplateArgDict}).
   */
  static validateDefine(
    define: ElementDefine,
    lookup: (fullName: string) => ElementDefine | undefined = () => undefined,
    exports: (name: string) => boolean = () => true,
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
    } else if (runsItself(define) && !exports(func ?? 'customFunc')) {
      problems.push({
        path: func === undefined ? ['funcType'] : [funcKey],
        message: `funcType Inner: the template's module exports no function '${func ?? 'customFunc'}'`,
      });
    }
    if (problems.length === 0) problems.push(...checkTemplateArgDict(define, lookup, this.passes));
    return problems;
  }

  /** `enable` as JitAi writes it (true/false or 1/0); default true. */
  get enabled(): boolean {
    return templateSettings(this.define).enabled;
  }
}

/** Whether the template calls its own `func` by itself: it is enabled and has a timer (or is a date-field template). */
function runsItself(define: ElementDefine): boolean {
  return templateSettings(define).enabled && (define.timerCfg !== undefined || define.modelPath !== undefined);
}
