import type { App } from '../../runtime/App';
import { runInApp } from '../../runtime/currentApp';
import { currentRowData } from '../dateField/currentRowData';
import { presentTask } from '../presentTask';
import { retryDelayMs } from '../retryDelayMs';
import { tokenOf, type TaskOutcome, type TaskRow } from '../TaskRecord';
import type { FinishRequest, FinishResult, LateResult, TaskStore } from '../store/TaskStore';
import type { TaskQueries } from '../queries/TaskQueries';
import type { TemplateSettings } from '../TemplateSettings';
import { GroupWriter } from './GroupWriter';
import { refusedForGood } from './refusedForGood';
import type { SeriesPlanner } from './SeriesPlanner';
import { templateHooks } from './templateHooks';

/**
 * How {@link RunFinisher.end} ended a run. `refused`: the outcome written in place of the run's
 * own, which the database refused for good.
 */
export type EndResult = { refused?: TaskOutcome } & (
  | { kind: 'ended'; nextDueAt: number | null }
  | { kind: 'retried'; dueAt: number }
  /** The run's claim no longer held the task: its result was kept as a late result. */
  | { kind: 'late'; late: LateResult }
  /** The task was force-ended: the run's result was discarded, nothing written. */
  | { kind: 'discarded' }
  /** A reaper found the lease renewed meanwhile: the run is its owner's, nothing was written. */
  | { kind: 'kept' }
);

/** What {@link RunFinisher.end} needs besides the run and its outcome. */
export interface EndOptions {
  template: TemplateSettings | undefined;
  /** Who writes the end, for the history: this process, or the lost worker a reaper ends for. */
  workerId: string;
  /** A date-field task found its row in the model when it started. */
  ranWithModelRow?: boolean;
  /** Ended by a reaper: only if the lease has lapsed by the database's clock. */
  reaping?: boolean;
}

/**
 * Ends runs. The retry policy, the next occurrence of a series, group commits, writes retried
 * while the database is unreachable, and late results all live here. Every write names the run's
 * token, so an end that arrives after another process took the run over changes nothing there:
 * it is kept as a late result instead (see `TaskStore.recordLate`), never dropped unlogged; only
 * the result of a force-ended task is dropped, as `forcedEnd` promises.
 */
export class RunFinisher {
  /** Ends runs in groups: one transaction for the runs ending together instead of one per run. */
  // Ends of runs overlap, as they did before inserts were grouped too: on PostgreSQL the groups of
  // one turn each go over a connection of their own instead of waiting for the one in flight.
  private readonly finishing = new GroupWriter<FinishRequest, FinishResult>((requests) => this.store().finishMany(requests), true);

  constructor(
    private readonly app: App,
    private readonly store: () => TaskStore,
    private readonly queries: () => TaskQueries,
    private readonly series: SeriesPlanner,
    private readonly pollIntervalMs: number,
    private readonly isStopping: () => boolean,
  ) {}

  /**
   * Ends the run of `row` with `outcome`: a retry when its template allows one, else the final
   * status with the next occurrence. A write the database refuses for good (see
   * {@link refusedForGood}) is not tried again: the run ends as `error` instead, with a message
   * that says why, and without a retry (its function did run; the outcome is what failed).
   */
  async end(row: TaskRow, outcome: TaskOutcome, options: EndOptions): Promise<EndResult> {
    const ended = await this.endOnce(row, outcome, options);
    if (ended.kind === 'ended') this.afterReturn(row, ended.refused ?? outcome);
    return ended;
  }

  /**
   * Calls the template's `afterReturn` override, if it has one, with the task record as the end
   * wrote it. Not awaited: the end (and the series' next occurrence) is written already, and an
   * override that hangs must hold neither the run's slot nor the shutdown; one that throws is
   * logged, and changes nothing else.
   */
  private afterReturn(row: TaskRow, outcome: TaskOutcome): void {
    let hooks: ReturnType<typeof templateHooks>;
    try {
      hooks = templateHooks(this.app, row.fullName);
    } catch {
      return; // the template is gone or cannot be created: the run said so already
    }
    if (!hooks.afterReturn) return;
    const element = hooks.element!;
    const now = this.app.clock.now();
    const final: TaskRow = {
      ...row,
      status: outcome.status,
      endedAt: now,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      leaseUntil: null,
    };
    const task = presentTask(final, this.app.timezone, now, 0);
    void runInApp(this.app, async () => element.afterReturn(task)).catch((err: unknown) => {
      this.app.logger.error('afterReturn of {template} for task {task} failed: {error}', {
        template: row.fullName,
        task: row.taskId,
        error: err instanceof Error ? err.message : String(err),
      });
    });
  }

  private async endOnce(row: TaskRow, outcome: TaskOutcome, options: EndOptions): Promise<EndResult> {
    try {
      return await this.write(row, outcome, options, true);
    } catch (err) {
      const reason = refusedForGood(err);
      if (reason === null) throw err;
      const message = `the database refused to record how the run ended (${outcome.status}) for good: ${reason}`;
      this.app.logger.error('task {task} attempt {attempt}: {message}; ending it as error', {
        task: row.taskId,
        attempt: row.attempt,
        message,
      });
      const refused: TaskOutcome = { status: 'error', error: { message } };
      return { ...(await this.write(row, refused, options, false)), refused };
    }
  }

  private async write(row: TaskRow, outcome: TaskOutcome, options: EndOptions, mayRetry: boolean): Promise<EndResult> {
    const now = this.app.clock.now();
    const token = tokenOf(row);
    const { workerId } = options;
    const reaping = options.reaping === true;
    const retry = mayRetry ? options.template?.retry : undefined;
    if (outcome.status !== 'completed' && retry && row.attempt < retry.maxAttempts) {
      const dueAt = now + retryDelayMs(retry, row.attempt);
      let retried = false;
      await this.persist(`retry of task ${row.taskId}`, async () => {
        retried = await this.store().retry(token, workerId, outcome.error ?? null, dueAt, now, reaping);
      });
      if (retried) return { kind: 'retried', dueAt };
      if (reaping) return { kind: 'kept' };
    }
    let next = this.series.nextOccurrenceTask(row, now);
    if (next && options.ranWithModelRow && (await this.rowDeleted(row))) next = null;
    const request: FinishRequest = { token, workerId, outcome, now, next, reaping };
    let finished: FinishResult = { finished: false, next: null };
    await this.persist(`end of task ${row.taskId}`, async () => {
      finished = await this.finishing.write(request);
    });
    if (finished.finished) return { kind: 'ended', nextDueAt: finished.next?.dueAt ?? null };
    if (reaping) return { kind: 'kept' };
    // A force-ended task's result is discarded, as forcedEnd promises. The status is final, so
    // what is read here stays true.
    let forced = false;
    await this.persist(`read of task ${row.taskId}`, async () => {
      forced = (await this.queries().get(row.taskId))?.status === 'forcedEnd';
    });
    if (forced) return { kind: 'discarded' };
    let late: LateResult = 'history';
    await this.persist(`late result of task ${row.taskId}`, async () => {
      late = await this.store().recordLate(request);
    });
    return { kind: 'late', late };
  }

  /**
   * Whether the model row that date-field task `row` ran with has been deleted since. Deleting a
   * row removes its pending tasks only, so its yearly series must also end with the running one.
   * A failed read keeps the series: a stray anniversary is better than a lost one.
   */
  private async rowDeleted(row: TaskRow): Promise<boolean> {
    try {
      return (await currentRowData(this.app, row)) === null;
    } catch {
      return false;
    }
  }

  /**
   * Runs a write that must not be lost (how a run ended) again and again while the database is
   * unreachable, until it succeeds. The token makes a repeat harmless. While the app stops it is
   * tried once: the lease rules take over from there. A write refused for good is not repeated.
   */
  private async persist(what: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        if (this.isStopping() || refusedForGood(err) !== null) throw err;
        this.app.logger.warn('{what} failed (attempt {attempt}); retrying', {
          what,
          attempt: attempt + 1,
          error: err instanceof Error ? err.message : err,
        });
        await new Promise<void>((resolve) => this.app.clock.setTimer(resolve, Math.min(this.pollIntervalMs * 2 ** attempt, 30_000)));
      }
    }
  }
}
