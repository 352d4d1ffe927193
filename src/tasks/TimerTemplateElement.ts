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
  static override validateDefine(define: ElementDefine, lookup: (fullName: string) => ElementDefine | undefined = () => undefined): Array<{ path: Array<string | number>; message: string }> {
    const problems = super.validateDefine(define, lookup, 'argDict');
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
   * The first occurrence strictly after `after` (default now) as `YYYY-MM-DD HH:mm:ss` in the app
   * zone, or null when the series has ended. Pure: reads no database.
   */
  getNextRunTime(after?: unknown): string | null {
    const zone = this.app.timezone;
    const from = after === undefined ? this.app.clock.now() : parseAppTimeMs(after, zone);
    if (from === null) throw new JitError('API_PARAMS_ERROR', `getNextRunTime: cannot parse time ${JSON.stringify(after)}`, { fullName: this.fullName });
    const next = nextTemplateOccurrence(this.app, this.timerCfg, from);
    return next ? formatAppTime(next, zone) : null;
  }
}
