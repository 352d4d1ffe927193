import type { ElementDefine } from '../runtime/ElementDefinition';
import { ElementBase, type ElementAttributes } from '../runtime/ElementBase';
import { namedExport } from '../runtime/namedExport';
import { checkTemplateArgDict, type TemplateArguments } from './checkTemplateArgDict';
import type { TaskRecordView } from './presentTask';
import { resolveTaskFunction, type TaskFunction } from './resolveTaskFunction';
import { TaskHistoryModel, TaskRecordModel } from './TaskRecordModel';
import type { TaskRunView } from './TaskRunView';
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

  /** JitAi's `config` of a template: its definition's keys, over its config file's keys. */
  override initElement(attributes: ElementAttributes): void {
    super.initElement(attributes);
    const { config: fileKeys, ...defineKeys } = attributes.define;
    this.config = { ...(fileKeys ?? {}), ...defineKeys };
  }

  /** The template's type (JitAi's `taskType`), e.g. `tasks.NormalType`. */
  get taskType(): string {
    return this.define.type ?? '';
  }

  /** The function an Inner template calls (JitAi's `customFunc`): its module's export, or undefined. */
  get customFunc(): ((...args: never[]) => unknown) | undefined {
    const settings = templateSettings(this.define);
    if (this.define.funcType !== 'Inner') return undefined;
    return namedExport(this.app.modulesOf(this.fullName), settings.funcName);
  }

  /** The template's task records, read-only (JitAi's `TaskModel`): `query`, `get`, `count`. */
  get TaskModel(): TaskRecordModel {
    return new TaskRecordModel(this.app, this.fullName);
  }

  /** The history of the template's tasks, read-only (JitAi's `TaskHistoryModel`). */
  get TaskHistoryModel(): TaskHistoryModel {
    return new TaskHistoryModel(this.app, this.fullName);
  }

  /**
   * Runs the business logic of one run (JitAi's `handle`): calls {@link getFunc}'s function with
   * the task's arguments, `task` as its `ctx`, and returns what it returns (stored as the result).
   * What it throws is the run's error. A Type or template module may override it.
   */
  async handle(task: TaskRunView): Promise<unknown> {
    const fn = await this.getFunc(task);
    if (task.rowData === undefined) return fn(task.argDict as never, task);
    // JitAi calls an Inner date-field function with the row itself; a Global one by name.
    return fn(fn.declared ? { rowData: task.rowData } : task.rowData, task);
  }

  /**
   * The function a run calls (JitAi's `getFunc`): the Global `func` through its element's
   * `callFunction`, or the Inner export of the template's module, called as `fn(args, ctx)`.
   *
   * @throws JitError `FUNCTION_NOT_FOUND` when there is none.
   */
  getFunc(task: Pick<TaskRunView, 'funcName'>): TaskFunction | Promise<TaskFunction> {
    return resolveTaskFunction(this.app, this.fullName, task.funcName);
  }

  /**
   * Called after every run of the template ends, with the task record in its final state (JitAi's
   * `afterReturn`). The next occurrence of a series is written with the run's end, before this is
   * called, so an override need not call `super` and cannot stop the series; it is not awaited by
   * the run, and what it throws is logged.
   */
  afterReturn(_task: TaskRecordView): void | Promise<void> {}
}

/** Whether the template calls its own `func` by itself: it is enabled and has a timer (or is a date-field template). */
function runsItself(define: ElementDefine): boolean {
  return templateSettings(define).enabled && (define.timerCfg !== undefined || define.modelPath !== undefined);
}
