import type { App } from '../../runtime/App';
import type { Clock, TimerHandle } from '../../time/Clock';
import { tokenOf, type TaskOutcome, type TaskRow } from '../TaskRecord';
import type { TaskQueries } from '../queries/TaskQueries';
import type { TaskStore } from '../store/TaskStore';
import type { TaskEvent } from '../TaskEvent';
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
  /**
   * Runs started here whose end has not been written yet, held or given up (see {@link isOwn}), by
   * {@link runKey}; not force-ended ones, whose result is discarded.
   */
  private readonly own = new Map<string, RunningTask>();
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
    this.leases = new LeaseKeeper(app.clock, store, workerId, settings.leaseMs, (id, loss) => this.onLeaseLost(id, loss), app.logger);
    this.executor = new RunExecutor(app, settings.defaultTimeoutMs);
  }

  /** Runs that take a slot of this process. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Whether the run of task `taskId` under claim `claimId` was started by this process and has not
   * ended here yet: still held, or given up (its lease lost) while its function may still return.
   * Such a run is not lost, so this process never reaps it: it ends with what its function returns
   * or throws (or its timeout), unless another process reaped it first.
   */
  isOwn(taskId: string, claimId: string | null): boolean {
    return this.own.has(runKey(taskId, claimId));
  }

  /**
   * The run of `taskId` here, if any, was force-ended: its signal fires and its slot is freed at
   * once (its function may ignore the signal); whatever it returns later is discarded.
   */
  forceEnded(taskId: string): void {
    const entry = this.running.get(taskId);
    if (entry) this.freeSlot(entry, 'forcedEnd');
  }

  /**
   * Starts a claimed run, unless its lease ran out before it could start (the claim's answer came
   * late: a blocked loop, a slow network): then it is given back, never started.
   */
  launch(row: TaskRow, claimSentAt: number): void {
    if (!this.leases.canStart(claimSentAt)) {
      void this.giveBack(row); // it logs its own failure
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
    // Asked by a date-field run after reading its row: a lease that ran out meanwhile is given up
    // first, and a run no longer held here does not start its function.
    const mayStart = (): boolean => {
      this.leases.checkDeadlines();
      return this.running.get(row.taskId) === entry;
    };
    const execution = this.executor.execute(row, template, mayStart);
    this.leases.hold(row, claimSentAt);
    const entry: RunningTask = { row, execution, done: Promise.resolve() };
    this.running.set(row.taskId, entry);
    const key = runKey(row.taskId, row.claimId);
    this.own.set(key, entry);
    // A failure here is the store's (the function's own errors are outcomes): report it rather than
    // let it crash the process. The lease rules then end the task.
    entry.done = execution.result
      .then(async ({ outcome, ranWithModelRow, started }) => {
        // Ended elsewhere: by forcedEnd (already recorded, its result discarded) or by shutdown (which records it).
        const cause = execution.abort.cause;
        if (cause === 'forcedEnd' || cause === 'shutdown') return;
        // Given up before its function started: as a claim that came back too late, given back.
        if (!started) return this.giveBack(row);
        const ended = await this.finisher.end(row, outcome, { template, workerId: this.workerId, ranWithModelRow });
        this.report(row, ended.refused ?? outcome, ended, this.clock.now() - startedAt);
      })
      .catch((err: unknown) => {
        this.app.logger.error('task {task}: could not record how it ended', { task: row.taskId, error: err });
      })
      .finally(() => {
        this.own.delete(key);
        if (this.running.get(row.taskId) === entry) this.running.delete(row.taskId);
        this.leases.drop(row.taskId, row.claimId);
        this.events.wake(0);
      });
  }

  /**
   * Gives a claimed task back, pending again, without starting it (best effort: else its lease
   * lapses); resolves when that is written or has failed.
   */
  giveBack(row: TaskRow): Promise<void> {
    return this.store()
      .release(tokenOf(row))
      .then(
        () => {},
        (err: unknown) =>
          this.app.logger.warn('task {task}: could not give back a claim it will not start', {
            task: row.taskId,
            error: err instanceof Error ? err.message : err,
          }),
      );
  }

  /**
   * Waits for the runs up to `graceMs` (their leases still renewed), and for the ends of runs given
   * up that are still on their way (a late result is kept, not dropped by closing the database
   * under it); then aborts what still holds a slot and ends it as `error`. Every run's timeout is
   * cancelled, so a function that never settles keeps no timer.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.own.size > 0) {
      let graceTimer: TimerHandle | undefined;
      const grace = new Promise<void>((resolve) => {
        graceTimer = this.clock.setTimer(resolve, graceMs);
      });
      await Promise.race([Promise.all([...this.own.values()].map((r) => r.done)), grace]);
      graceTimer?.cancel();
      for (const r of this.own.values()) if (this.running.get(r.row.taskId) !== r) r.execution.stopTimer();
      for (const r of [...this.running.values()]) {
        r.execution.abort.abort('shutdown');
        r.execution.stopTimer();
        this.running.delete(r.row.taskId);
        const outcome: TaskOutcome = { status: 'error', error: { message: 'shutdown: still running after the grace period' } };
        await this.finisher
          .end(r.row, outcome, { template: this.series.templateOf(r.row.fullName), workerId: this.workerId })
          .catch((err: unknown) =>
            this.app.logger.error('task {task}: could not record its shutdown', {
              task: r.row.taskId,
              error: err instanceof Error ? err.message : err,
            }),
          );
      }
    }
    await this.leases.stop();
  }

  private report(row: TaskRow, outcome: TaskOutcome, ended: EndResult, ms: number): void {
    if (ended.kind === 'discarded') return; // force-ended: forcedEnd said all there is to say
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
      // The run's own error message is a field: the logger escapes it, so a task cannot forge a line.
      this.app.logger.warn('task {task} attempt {attempt} ended {status} after its lease was lost: {what}', {
        task: row.taskId,
        attempt: row.attempt,
        status: outcome.status,
        what: message,
        error: outcome.error?.message,
      });
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
      this.freeSlot(entry, forced ? 'forcedEnd' : 'lease lost');
      if (forced) return;
      const message = loss === 'expired' ? 'lease not renewed for a whole lease' : 'taken over by another process';
      this.events.emit({
        kind: 'leaseLost',
        taskId,
        fullName: entry.row.fullName,
        dueAt: entry.row.dueAt,
        attempt: entry.row.attempt,
        message,
      });
    };
    if (loss === 'expired') return giveUp(false);
    this.queries()
      .get(taskId)
      .then(
        (row) => giveUp(row?.status === 'forcedEnd'),
        () => giveUp(false),
      );
  }

  /**
   * Stops treating a run as one that takes a slot: its signal fires with `cause`, its slot is freed
   * and its lease dropped, and the loop is woken to fill the slot. Its function may go on (it may
   * ignore its signal): what it returns later still goes through {@link RunFinisher.end}, or is
   * discarded when the run was force-ended.
   */
  private freeSlot(entry: RunningTask, cause: 'forcedEnd' | 'lease lost'): void {
    entry.execution.abort.abort(cause);
    if (cause === 'forcedEnd') this.own.delete(runKey(entry.row.taskId, entry.row.claimId));
    if (this.running.get(entry.row.taskId) === entry) this.running.delete(entry.row.taskId);
    this.leases.drop(entry.row.taskId, entry.row.claimId);
    this.events.wake(0);
  }
}

/** The key of one run (a task under one claim) in {@link RunningTasks}' own runs. */
function runKey(taskId: string, claimId: string | null): string {
  return `${taskId} ${claimId ?? ''}`;
}
