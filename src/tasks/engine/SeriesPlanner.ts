import type { App } from '../../runtime/App';
import { formatAppTime } from '../../time/formatAppTime';
import type { TimerCfg } from '../../time/TimerCfg';
import { nextDateFieldTask } from '../dateField/nextDateFieldTask';
import { newTask } from '../newTask';
import { nextTemplateOccurrence } from '../nextTemplateOccurrence';
import type { NewTask, TaskRow } from '../TaskRecord';
import type { TaskQueries } from '../queries/TaskQueries';
import type { TaskStore } from '../store/TaskStore';
import { templateSettings, type TemplateSettings } from '../TemplateSettings';

/** An occurrence that the start-up sync skipped (the misfire rule). */
export interface SkippedOccurrence {
  row: TaskRow;
  message: string;
}

/**
 * The occurrences of repeating templates: which one comes next after a run, and, at start, that
 * every enabled timer template has exactly one pending occurrence (the misfire rule included).
 */
export class SeriesPlanner {
  private readonly templates = new Map<string, TemplateSettings | undefined>();

  constructor(
    private readonly app: App,
    private readonly store: () => TaskStore,
    private readonly queries: () => TaskQueries,
    private readonly workerId: string,
    private readonly overdueToleranceMs: number,
  ) {}

  /** The settings of template `fullName`, or undefined when the app no longer has it (a stale task). */
  templateOf(fullName: string): TemplateSettings | undefined {
    // Asked once or twice per run; definitions never change while the app is loaded.
    if (!this.templates.has(fullName)) {
      const define = this.app.findElementsDefine(fullName)[0];
      this.templates.set(fullName, define ? templateSettings(define) : undefined);
    }
    return this.templates.get(fullName);
  }

  /** The task for the first occurrence of a repeating template after `after`, or null. */
  seriesTask(fullName: string, after: number, createdAt = this.app.clock.now()): NewTask | null {
    const define = this.app.getElementDefine(fullName);
    const cfg = define.timerCfg as TimerCfg | undefined;
    if (!cfg) return null;
    const due = nextTemplateOccurrence(this.app, cfg, after);
    if (!due) return null;
    const t = templateSettings(define);
    return newTask({
      fullName,
      taskType: t.taskType,
      funcName: t.funcName,
      argDict: t.argDict,
      dueAt: due.toMillis(),
      origin: 'series',
      createdAt,
    });
  }

  /**
   * The next occurrence to write when `row` ends at `now`, for series tasks and yearly date-field
   * tasks only. It is created at `now` exactly, which is how a repeated `forcedEnd` finds it again.
   */
  nextOccurrenceTask(row: TaskRow, now: number): NewTask | null {
    if (row.origin === 'dateField') return nextDateFieldTask(this.app, row, now);
    if (row.origin !== 'series') return null;
    if (!this.templateOf(row.fullName)?.enabled) return null;
    // Occurrences missed while this one ran are not replayed: the series continues after now.
    return this.seriesTask(row.fullName, Math.max(row.dueAt, now), now);
  }

  /**
   * On start: each enabled timer template gets exactly one pending occurrence; one whose definition
   * changed is replaced; one waiting for a retry is kept; disabled and removed templates lose
   * theirs. An occurrence overdue beyond the tolerance is a misfire only when nothing could have
   * run it, i.e. no other live process of the app (`othersAlive` false): it is then skipped and
   * recorded, or, with `misfire: fireOnce`, kept to run once now. While another process lives it
   * is simply due (that process was busy, not down) and runs. Returns the skipped occurrences.
   */
  async syncTemplates(othersAlive: boolean): Promise<SkippedOccurrence[]> {
    const store = this.store();
    const now = this.app.clock.now();
    const skipped: SkippedOccurrence[] = [];
    const templates = new Map(this.app.findElementsDefine('tasks.NormalType.type').map((d) => [d.fullName, d]));
    const pending = await this.queries().list({ status: 'pending', origin: 'series', limit: Number.MAX_SAFE_INTEGER });
    // A paused template's occurrence waits for its resume, however late: it was not missed.
    const paused = await this.queries().pausedTemplates();
    for (const row of pending) {
      const define = templates.get(row.fullName);
      if (!define || !templateSettings(define).enabled) await store.deletePending({ taskIds: [row.taskId] });
    }
    for (const define of templates.values()) {
      const t = templateSettings(define);
      if (!t.enabled) continue;
      const current = pending.find((r) => r.fullName === define.fullName);
      // A run waiting for its retry is not an occurrence of the rule: it keeps its due time (and
      // runs at once if that passed while the app was down), so no attempt is lost by a restart.
      if (current && current.attempt > 1) continue;
      const missed = current !== undefined && current.dueAt < now - this.overdueToleranceMs && !othersAlive && !paused.has(define.fullName);
      if (current && missed && t.misfire === 'fireOnce') continue;
      if (current && missed) {
        await store.deletePending({ taskIds: [current.taskId] });
        const next = this.seriesTask(define.fullName, now);
        const [written] = next ? await store.insert([next]) : [];
        const message = `missed occurrence due ${formatAppTime(current.dueAt, this.app.timezone)} (task ${current.taskId}) skipped: the app was not running`;
        if (written) await store.recordSkipped({ taskId: written.taskId, attempt: 0, at: now, workerId: this.workerId, message });
        skipped.push({ row: current, message });
        continue;
      }
      // One due moments ago (within the tolerance, or any time while another process lives) is on
      // time, not missed: check it against the rule at its own due time, so that an unchanged one
      // runs now instead of being replaced.
      const wanted = this.seriesTask(define.fullName, current && current.dueAt <= now ? current.dueAt - 1 : now);
      const same =
        current &&
        wanted &&
        current.dueAt === wanted.dueAt &&
        current.funcName === wanted.funcName &&
        JSON.stringify(current.argDict) === JSON.stringify(wanted.argDict);
      if (same) continue;
      if (current) await store.deletePending({ taskIds: [current.taskId] });
      if (wanted) await store.insert([wanted]);
    }
    return skipped;
  }
}
