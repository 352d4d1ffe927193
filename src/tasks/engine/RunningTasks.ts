import type { App } from '../../runtime/App';
import type { Clock, TimerHandle } from '../../time/Clock';
import { tokenOf, type TaskOutcome, type TaskRow } from '../TaskRecord';
import type { TaskQueries } from '../queries/TaskQueries';
import type { TaskStore } from '../store/TaskStore';
import type { TaskEvent } from '../TaskEngine';
import { LeaseKeeper, type LeaseLoss } from './LeaseKeeper';
import { RunExecutor, type Execution } from './RunExecutor';
import type { EndResult, RunFinisher } from './RunFinisher';
import type { SeriesPlanner } from './SeriesPlanner';

/** A run of this process: to abort it, and to wait for it on shutdown. */
interface RunningTask {
  row: TaskRow;
  execution: Execution;
  done: Promise<void>;
}

/** What {@link RunningTasks} tells the loop. */
export interface RunningTasksEvents {
  /** A task event to report. */
  emit(e: TaskEvent): void;
  /** Wake the loop in `delayMs` (a slot was freed, or a task falls due then). */
  wake(delayMs: number): void;
  /** A run's end wrote the next occurrence of template `fullName`. */
  created(fullName: string): void;
}

/**
 * The runs of this process, from launch to end: each claimed task is started (unless its claim
 * came back too late), held under a lease, and ended through the {@link RunFinisher}; a run whose
 * lease is lost is given up. On shutdown, runs get the grace period, then are aborted and ended.
 */
export class RunningTasks {
  readonly leases: LeaseKeeper;
  private readonly executor: RunExecutor;
  private readonly running = new Map<string, RunningTask>();
  private readonly clock: Clock;

  constructor(
    private readonly app: App,
    private readonly store: () => TaskStore,
    private readonly queries: () => TaskQueries,
    private readonly workerId: string,
    settings: { leaseMs: number; defaultTimeoutMs: number },
    private readonly series: SeriesPlanner,
    private readonly finisher: RunFinisher,
    private readonly events: RunningTasksEvents,
  ) {
    this.clock = app.clock;
    this.leases = new LeaseKeeper(app.clock, store, workerId, settings.leaseMs, (id, loss) => this.onLeaseLost(id, loss));
    this.executor = new RunExecutor(app, settings.defaultTimeoutMs);
  }

  /** Runs that take a slot of this process. */
  get size(): number {
    return this.running.size;
  }

  /** Whether this process runs task `taskId` under claim `claimId` (and still holds it). */
  holds(taskId: string, claimId: string | null): boolean {
    return this.running.get(taskId)?.row.claimId === claimId;
  }

  /** Aborts the run of `taskId` here, if any, because it was force-ended (its result is discarded). */
  forceEnded(taskId: string): void {
    this.running.get(taskId)?.execution.abort.abort('forcedEnd');
  }

  /**
   * Starts a claimed run, unless its lease ran out before it could start (the claim's answer came
   * late: a blocked loop, a slow network): then it is given back, never started.
   */
  launch(row: TaskRow, claimSentAt: number): void {
    if (!this.leases.canStart(claimSentAt)) {
      this.giveBack(row);
      return;
    }
    const template = this.series.templateOf(row.fullName);
    const startedAt = this.clock.now();
    this.events.emit({
      kind: 'started',
      taskId: row.taskId,
      fullName: row.fullName,
      dueAt: row.dueAt,
      attempt: row.attempt,
      ms: startedAt - row.dueAt,
    });
    const execution = this.executor.execute(row, template);
    this.leases.hold(row, claimSentAt);
    const entry: RunningTask = { row, execution, done: Promise.resolve() };
    this.running.set(row.taskId, entry);
    // A failure here is the store's (the function's own errors are outcomes): report it rather than
    // let it crash the process. The lease rules then end the task.
    entry.done = execution.result
      .then(async ({ outcome, ranWithModelRow }) => {
        // Ended elsewhere: by forcedEnd (already recorded, its result discarded) or by shutdown (which records it).
        const cause = execution.abort.cause;
        if (cause === 'forcedEnd' || cause === 'shutdown') return;
        const ended = await this.finisher.end(row, outcome, { template, workerId: this.workerId, ranWithModelRow });
        this.report(row, outcome, ended, this.clock.now() - startedAt);
      })
      .catch((err: unknown) => {
        console.error(`[jittask] task ${row.taskId}: could not record how it ended:`, err);
      })
      .finally(() => {
        if (this.running.get(row.taskId) === entry) this.running.delete(row.taskId);
        this.leases.drop(row.taskId, row.claimId);
        this.events.wake(0);
      });
  }

  /** Gives a claimed task back, pending again, without starting it (best effort: else its lease lapses). */
  giveBack(row: TaskRow): void {
    this.store()
      .release(tokenOf(row))
      .catch((err: unknown) =>
        console.error(
          `[jittask] task ${row.taskId}: could not give back a claim it will not start:`,
          err instanceof Error ? err.message : err,
        ),
      );
  }

  /**
   * Waits for the runs up to `graceMs` (their leases still renewed), then aborts what is left (its
   * timeout cancelled, so a function that never settles keeps no timer) and ends it as `error`.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.running.size > 0) {
      let graceTimer: TimerHandle | undefined;
      const grace = new Promise<void>((resolve) => {
        graceTimer = this.clock.setTimer(resolve, graceMs);
      });
      await Promise.race([Promise.all([...this.running.values()].map((r) => r.done)), grace]);
      graceTimer?.cancel();
      for (const r of [...this.running.values()]) {
        r.execution.abort.abort('shutdown');
        r.execution.stopTimer();
        this.running.delete(r.row.taskId);
        const outcome: TaskOutcome = { status: 'error', error: { message: 'shutdown: still running after the grace period' } };
        await this.finisher
          .end(r.row, outcome, { template: this.series.templateOf(r.row.fullName), workerId: this.workerId })
          .catch((err: unknown) =>
            console.error(`[jittask] task ${r.row.taskId}: could not record its shutdown:`, err instanceof Error ? err.message : err),
          );
      }
    }
    await this.leases.stop();
  }

  private report(row: TaskRow, outcome: TaskOutcome, ended: EndResult, ms: number): void {
    if (ended.kind === 'retried') this.events.wake(ended.dueAt - this.clock.now());
    if (ended.kind === 'ended' && ended.nextDueAt !== null) {
      this.events.created(row.fullName);
      this.events.wake(ended.nextDueAt - this.clock.now());
    }
    // Each event one object literal: this runs once per task, and spreads cost a tenth of a run.
    if (ended.kind === 'late') {
      const message =
        ended.late === 'outcome'
          ? 'late result became the outcome'
          : ended.late === 'recorded'
            ? 'result was recorded already'
            : 'late result kept in the history';
      console.error(`[jittask] task ${row.taskId} attempt ${row.attempt} ended ${outcome.status} after its lease was lost: ${message}`);
      this.events.emit({
        kind: 'late',
        taskId: row.taskId,
        fullName: row.fullName,
        dueAt: row.dueAt,
        attempt: row.attempt,
        status: outcome.status,
        message,
      });
      return;
    }
    this.events.emit({
      kind: 'ended',
      taskId: row.taskId,
      fullName: row.fullName,
      dueAt: row.dueAt,
      attempt: row.attempt,
      ms,
      status: outcome.status,
      message: outcome.error?.message,
    });
  }

  /**
   * A run this process no longer holds. Taken by a force-end elsewhere, it is aborted as
   * force-ended (its result discarded); otherwise its signal fires with `lease lost`, its slot is
   * freed, and whatever it returns later goes through the fenced end (a late result if reaped).
   */
  private onLeaseLost(taskId: string, loss: LeaseLoss): void {
    const entry = this.running.get(taskId);
    if (!entry) return;
    const giveUp = (forced: boolean): void => {
      if (this.running.get(taskId) !== entry) return;
      entry.execution.abort.abort(forced ? 'forcedEnd' : 'lease lost');
      if (forced) return;
      this.running.delete(taskId);
      const message = loss === 'expired' ? 'lease not renewed for a whole lease' : 'taken over by another process';
      this.events.emit({
        kind: 'leaseLost',
        taskId,
        fullName: entry.row.fullName,
        dueAt: entry.row.dueAt,
        attempt: entry.row.attempt,
        message,
      });
      this.events.wake(0);
    };
    if (loss === 'expired') return giveUp(false);
    this.queries()
      .get(taskId)
      .then(
        (row) => giveUp(row?.status === 'forcedEnd'),
        () => giveUp(false),
      );
  }
}
