import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import type { DefineContext } from '../runtime/buildElementClasses';
import type { ElementDefine } from '../runtime/ElementDefinition';
import { formatAppTime } from '../time/formatAppTime';
import { HolidayCalendar } from '../time/HolidayCalendar';
import { nextOccurrence } from '../time/nextOccurrence';
import { parseAppTimeMs } from '../time/parseAppTime';
import { nextTemplateOccurrence } from './nextTemplateOccurrence';
import type { TimerCfg } from '../time/TimerCfg';
import { validateTimerCfg } from '../time/validateTimerCfg';
import { TaskTemplateElement } from './TaskTemplateElement';
import { templateSettings } from './TemplateSettings';

/** A problem of a definition, at its key path. */
type DefineProblem = { path: Array<string | number>; message: string };

/** The class of `tasks.NormalType`: a timer template with a repeat rule. */
export class TimerTemplateElement extends TaskTemplateElement {
  /**
   * The family's checks (its `func` and `argDict`, see {@link checkTemplateArgDict}) and the
   * timer's; with the app's `context`, also that an enabled template's series has an occurrence.
   */
  static override validateDefine(
    define: ElementDefine,
    lookup: (fullName: string) => ElementDefine | undefined = () => undefined,
    exports: (name: string) => boolean = () => true,
    context?: DefineContext,
  ): DefineProblem[] {
    const problems = super.validateDefine(define, lookup, exports);
    const timer = this.validateAlone(define);
    problems.push(...timer);
    if (timer.length === 0 && context) problems.push(...neverRuns(define, context));
    return problems;
  }

  /** The checks of `timerCfg`, which need nothing else of the definition: run even when other keys are wrong. */
  static validateAlone(define: ElementDefine): DefineProblem[] {
    return validateTimerCfg(define.timerCfg).map((problem) => {
      // Problems read "timerCfg.repeat.period: message": point at that key.
      const [keyPath = 'timerCfg', message = problem] = problem.split(/: (.*)/s);
      return { path: keyPath.split('.'), message };
    });
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
      const named = typeof owner === 'string' ? owner : JSON.stringify(owner);
      throw new JitError('API_PARAMS_ERROR', `getNextRunTime: the task is of '${named}', not of '${this.fullName}'`, {
        fullName: this.fullName,
      });
    }
    const start = task.startTime ?? task.scheduledTime;
    if (start === undefined)
      throw new JitError('API_PARAMS_ERROR', 'getNextRunTime: the task has no startTime', { fullName: this.fullName });
    return this.timeArg(start);
  }
}

/**
 * An enabled template whose series has no occurrence at all would never run, and nothing would say
 * so: at `endTime` when it ends before the series' first occurrence, else at `startTime` (series end
 * with the year 9999, and `skipHoliday` gives up after a long run of holidays). Read in the app's
 * zone with its holidays, as the scheduler reads it; a valid `timerCfg` only.
 */
function neverRuns(define: ElementDefine, context: DefineContext): DefineProblem[] {
  if (!templateSettings(define).enabled) return [];
  const cfg = define.timerCfg as TimerCfg;
  const zone = context.timezone;
  let holidays: HolidayCalendar | undefined;
  if (cfg.skipHoliday) {
    try {
      holidays = new HolidayCalendar(Array.isArray(context.settings.holidays) ? context.settings.holidays : []);
    } catch {
      return []; // a bad calendar is reported with the settings
    }
  }
  const start = parseAppTimeMs(cfg.startTime, zone);
  if (start === null) return [];
  const before = DateTime.fromMillis(start - 1, { zone });
  if (nextOccurrence(cfg, before, zone, holidays)) return [];
  const unbounded = cfg.endTime == null ? null : nextOccurrence({ ...cfg, endTime: undefined }, before, zone, holidays);
  if (unbounded) {
    return [
      {
        path: ['timerCfg', 'endTime'],
        message: `is before the series' first occurrence, ${formatAppTime(unbounded, zone)}: the template is enabled but would never run`,
      },
    ];
  }
  const why = holidays ? 'every one of them falls on a holiday, or series end with the year 9999' : 'series end with the year 9999';
  return [
    {
      path: ['timerCfg', 'startTime'],
      message: `the series has no occurrence at all (${why}): the template is enabled but would never run`,
    },
  ];
}

/** A task object, as opposed to a time (a string, a Date or a luxon DateTime). */
function isTask(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !DateTime.isDateTime(value);
}
