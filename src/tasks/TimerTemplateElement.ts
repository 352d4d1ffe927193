import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import type { ElementDefine } from '../runtime/ElementDefinition';
import { formatAppTime } from '../time/formatAppTime';
import { parseAppTimeMs } from '../time/parseAppTime';
import { nextTemplateOccurrence } from './nextTemplateOccurrence';
import type { TimerCfg } from '../time/TimerCfg';
import { validateTimerCfg } from '../time/validateTimerCfg';
import { TaskTemplateElement } from './TaskTemplateElement';

/** The class of `tasks.NormalType`: a timer template with a repeat rule. */
export class TimerTemplateElement extends TaskTemplateElement {
  /** The family's checks (its `func` and `argDict`, see {@link checkTemplateArgDict}) and the timer's. */
  static override validateDefine(
    define: ElementDefine,
    lookup: (fullName: string) => ElementDefine | undefined = () => undefined,
    exports: (name: string) => boolean = () => true,
  ): Array<{ path: Array<string | number>; message: string }> {
    const problems = super.validateDefine(define, lookup, exports);
    for (const problem of validateTimerCfg(define.timerCfg)) {
      // Problems read "timerCfg.repeat.period: message": point at that key.
      const [keyPath = 'timerCfg', message = problem] = problem.split(/: (.*)/s);
      problems.push({ path: keyPath.split('.'), message });
    }
    return problems;
  }

  /** The template's timer configuration. */
  get timerCfg(): TimerCfg {
    return this.define.timerCfg as TimerCfg;
  }

  /**
   * The next run as `YYYY-MM-DD HH:mm:ss` in the app zone, or null when the series has ended. Pure:
   * reads no database. Two forms:
   * - `getNextRunTime(after?)`: the first occurrence strictly after `after` (default now);
   * - `getNextRunTime(task, now?)`, JitAi's: the run that follows `task` (a record from TaskSvc, the
   *   context of `currentTask()`, or JitAi's `{ element, startTime }`), i.e. the first occurrence
   *   strictly after both its start time and `now` (default now): runs missed meanwhile are not
   *   replayed, as the scheduler does not replay them.
   */
  getNextRunTime(taskOrAfter?: unknown, now?: unknown): string | null {
    const from = isTask(taskOrAfter) ? Math.max(this.taskStartMs(taskOrAfter), this.timeArg(now)) : this.timeArg(taskOrAfter);
    const next = nextTemplateOccurrence(this.app, this.timerCfg, from);
    return next ? formatAppTime(next, this.app.timezone) : null;
  }

  /** A time argument as epoch ms; absent is the clock's now. */
  private timeArg(value: unknown): number {
    if (value === undefined) return this.app.clock.now();
    const ms = parseAppTimeMs(value, this.app.timezone);
    if (ms === null)
      throw new JitError('API_PARAMS_ERROR', `getNextRunTime: cannot parse time ${JSON.stringify(value)}`, { fullName: this.fullName });
    return ms;
  }

  /** When `task` is due: its `startTime` (a record, JitAi's task data) or `scheduledTime` (a run's context). */
  private taskStartMs(task: Record<string, unknown>): number {
    const owner = task.element ?? task.fullName;
    if (owner !== undefined && owner !== this.fullName) {
      throw new JitError('API_PARAMS_ERROR', `getNextRunTime: the task is of '${String(owner)}', not of '${this.fullName}'`, {
        fullName: this.fullName,
      });
    }
    const start = task.startTime ?? task.scheduledTime;
    if (start === undefined)
      throw new JitError('API_PARAMS_ERROR', 'getNextRunTime: the task has no startTime', { fullName: this.fullName });
    return this.timeArg(start);
  }
}

/** A task object, as opposed to a time (a string, a Date or a luxon DateTime). */
function isTask(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !DateTime.isDateTime(value);
}
