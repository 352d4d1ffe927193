import { randomUUID } from 'node:crypto';
import { AmbientTransactions } from '../db/AmbientTransactions';
import { ReservedConnections } from '../db/ReservedConnections';
import { JitError } from '../errors/JitError';
import type { App, AppService } from '../runtime/App';
import type { TimerHandle } from '../time/Clock';
import { ClaimBatch } from './engine/ClaimBatch';
import { GroupWriter } from './engine/GroupWriter';
import { RunFinisher } from './engine/RunFinisher';
import { RunningTasks } from './engine/RunningTasks';
import { SeriesPlanner } from './engine/SeriesPlanner';
import { holidaysOf } from './nextTemplateOccurrence';
import { readSchedulerSettings, type SchedulerSettings } from './SchedulerSettings';
import type { NewTask, TaskOutcome, TaskRow } from './TaskRecord';
import type { TaskQueries, WorkerRecord } from './queries/TaskQueries';
import type { RowTaskChange, RowTaskSync, TaskStore } from './store/TaskStore';
import type { TaskEvent } from './TaskEvent';

/**
 * The scheduler of one app. Pending tasks stay in the database; the loop keeps only the nearest
 * due time, sleeps until then (or until a sooner task is created here, or the poll interval
 * passes, for tasks written by other processes), claims due tasks in batches and launches them.
 * Its rules live in their own classes (src/tasks/engine): {@link RunningTasks} (each run from launch
 * to end, with `LeaseKeeper`: leases, self-fencing, heartbeat; and `RunExecutor`: running one
 * task), {@link RunFinisher} (ending runs: retries, tokens, late results) and {@link SeriesPlanner}
 * (occurrences of repeating templates, the misfire rule).
 */
export class TaskEngine implements AppService {
  readonly settings: SchedulerSettings;
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly series: SeriesPlanner;
  private readonly finisher: RunFinisher;
  private readonly running: RunningTasks;
  private readonly listeners: Array<(e: TaskEvent) => void> = [];
  private readonly createdListeners: Array<(fullName: string) => void> = [];
  private wakeTimer: TimerHandle | null = null;
  private wakeAt = Infinity;
  private unlisten: (() => Promise<void>) | null = null;
  /** When lapsed leases were last looked for: once per poll interval is enough. */
  private reapedAt = -Infinity;
  private ticking = false;
  private tickAgain = false;
  private started = false;
  private stopping = false;

  private opened: TaskStore | null = null;
  /** How many due tasks a claim takes: `batchSize`, fewer after claims that timed out. */
  private readonly claims: ClaimBatch;
  private openedQueries: TaskQueries | null = null;
  private ownStore: TaskStore | null = null;
  private ownQueries: TaskQueries | null = null;
  private readonly inserts = new GroupWriter<NewTask[], TaskRow[]>((groups) => this.insertGroup(groups));

  /**
   * `openStore` (the write path) and `openQueries` (the read model) run on first use, so loading an
   * app only to inspect it creates no database file.
   */
  constructor(
    private readonly app: App,
    private readonly openStore: () => TaskStore,
    private readonly openQueries: () => TaskQueries,
  ) {
    this.settings = readSchedulerSettings(app.settings.scheduler);
    this.claims = new ClaimBatch(this.settings.batchSize, (message) => app.logger.warn('{message}', { message }));
    holidaysOf(app); // a bad settings.holidays fails the start, not the first holiday-aware run
    const store = (): TaskStore => this.own;
    const queries = (): TaskQueries => this.ownReads;
    this.series = new SeriesPlanner(app, store, queries, this.workerId, this.settings.overdueToleranceMs);
    this.finisher = new RunFinisher(app, store, queries, this.series, this.settings.pollIntervalMs, () => this.stopping);
    this.running = new RunningTasks(app, store, queries, this.workerId, this.settings, this.series, this.finisher, {
      emit: (e) => this.emit(e),
      wake: (delayMs) => this.wake(delayMs),
      created: (fullName) => this.created(fullName),
    });
  }

  /** The write path (opened on first use): the engine's own, so that every write wakes the loop as it must. */
  private get store(): TaskStore {
    this.opened ??= this.openStore();
    return this.opened;
  }

  /** The read model (opened on first use). */
  private get queries(): TaskQueries {
    this.openedQueries ??= this.openQueries();
    return this.openedQueries;
  }

  /**
   * The write path as the scheduler's own statements use it (claims, lease renewals and heartbeats,
   * ends of runs, reaping, occurrences): on connections the database keeps for them, so task code
   * that fills the pool cannot hold a renewal up past a lease. Listening is not among them.
   */
  private get own(): TaskStore {
    this.ownStore ??= ReservedConnections.view(this.store);
    return this.ownStore;
  }

  /** The read model as the scheduler's own reads use it, on the same reserved connections as {@link own}. */
  private get ownReads(): TaskQueries {
    this.ownQueries ??= ReservedConnections.view(this.queries);
    return this.ownQueries;
  }

  /** Runs of this process that take a slot (of `settings.concurrency`). */
  get runningCount(): number {
    return this.running.size;
  }

  /** Subscribes to task events (runs starting and ending, skipped occurrences, lost leases, late results). */
  onEvent(listener: (e: TaskEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Subscribes to the tasks this process writes (calls, date-field syncs, next occurrences), by template fullName (for metrics). */
  onCreated(listener: (fullName: string) => void): void {
    this.createdListeners.push(listener);
  }

  /**
   * Brings template occurrences in line with the definitions (the misfire rule asks whether
   * another process of the app is alive), starts the heartbeat and leases, then the loop.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const othersAlive = (await this.listWorkers()).some((w) => w.workerId !== this.workerId);
    for (const { row, message } of await this.series.syncTemplates(othersAlive)) {
      this.emit({ kind: 'skipped', taskId: row.taskId, fullName: row.fullName, dueAt: row.dueAt, message });
    }
    await this.running.leases.start();
    // Other processes' new tasks wake this one at once where the database can tell (PostgreSQL).
    this.unlisten = (await this.store.listen?.((dueAt) => this.wake(dueAt - this.app.clock.now()))) ?? null;
    this.wake(0);
  }

  /**
   * Stops claiming, waits for running tasks up to the grace period (their leases still renewed),
   * then aborts what is left and ends it as `error` (or puts it back for a retry when its template
   * allows one). Resolves within the grace period plus the time of those writes, whatever the
   * task functions do: a function that ignores its signal is left behind, its timeout cancelled.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.wakeTimer?.cancel();
    await this.unlisten?.();
    if (this.started) await this.running.stop(this.settings.shutdownGraceMs);
    await this.opened?.close();
  }

  /** The live processes of the app (a heartbeat fresher than a lease), this one included, freshest first. */
  async listWorkers(): Promise<WorkerRecord[]> {
    const workers = await this.queries.listWorkers(this.app.clock.now());
    return workers.filter((w) => w.ageMs < this.settings.leaseMs);
  }

  /**
   * Writes tasks, all or none, and wakes the loop if one is due sooner than it planned. Called
   * outside any transaction, the call shares one transaction with the other calls made in the same
   * turn of the event loop or while the previous group is written (see {@link GroupWriter}); called
   * inside one (a model hook's), it writes there at once, to commit or roll back with it: deferred,
   * it would wait for that transaction to end while the transaction waits for it.
   */
  async insert(tasks: NewTask[]): Promise<TaskRow[]> {
    this.app.assertOpen();
    const rows = this.store.inTransaction() ? await this.store.insert(tasks) : await this.inserts.write(tasks);
    this.wakeFor(rows);
    return rows;
  }

  /** A group's tasks in one transaction, run outside the transaction (if any) the first caller's turn began in. */
  private async insertGroup(groups: NewTask[][]): Promise<TaskRow[][]> {
    const write = (tasks: NewTask[]) => AmbientTransactions.detach(() => this.store.insert(tasks));
    if (groups.length === 1) return [await write(groups[0]!)];
    // Skipped series occurrences leave gaps in the answer, so each caller's rows are found by id.
    const byId = new Map((await write(groups.flat())).map((row) => [row.taskId, row]));
    return groups.map((tasks) => tasks.flatMap((task) => byId.get(task.taskId) ?? []));
  }

  /** Sets the pending tasks of date-field rows (one transaction, see `TaskStore.syncRowTasks`) and wakes the loop like {@link insert}. */
  async syncRowTasks(changes: RowTaskChange[]): Promise<RowTaskSync> {
    this.app.assertOpen();
    const result = await this.store.syncRowTasks(changes);
    this.wakeFor(result.written);
    return result;
  }

  /** Wakes the loop if one of the tasks just written is due sooner than it planned. */
  private wakeFor(rows: TaskRow[]): void {
    // A loop, not Math.min(...dueAts): spreading a large batch overflows the stack after the commit.
    let soonest = Infinity;
    for (const row of rows) soonest = Math.min(soonest, row.dueAt);
    if (this.createdListeners.length > 0) for (const row of rows) this.created(row.fullName);
    if (this.started && !this.stopping && soonest < this.wakeAt) this.wake(soonest - this.app.clock.now());
  }

  private created(fullName: string): void {
    for (const l of this.createdListeners) l(fullName);
  }

  /** Pauses template `fullName` for every process sharing the database; false if it was paused already. */
  async pauseTemplate(fullName: string): Promise<boolean> {
    return this.store.pauseTemplate(fullName, this.app.clock.now());
  }

  /**
   * Lifts the pause of template `fullName`; false if it was not paused. Its waiting tasks are due
   * now: this process looks for them at once (others within their poll interval, or at once when
   * the database tells them).
   */
  async resumeTemplate(fullName: string): Promise<boolean> {
    const changed = await this.store.resumeTemplate(fullName);
    if (changed) this.wakeNow();
    return changed;
  }

  /** Looks for due tasks at once: tasks written that the loop did not see written (a resumed template's, a create whose answer was lost). */
  wakeNow(): void {
    if (this.started && !this.stopping) this.wake(0);
  }

  /** Whether the caller is inside a transaction of the task database (its writes commit with the caller's). */
  inTransaction(): boolean {
    return this.store.inTransaction();
  }

  /** Ends a task by force: a pending one never runs; a running one is aborted, its slot freed at once, its result discarded. */
  async forceEnd(taskId: string): Promise<{ previousStatus: TaskRow['status']; nextTaskId: string | null; changed: boolean }> {
    const now = this.app.clock.now();
    const row = await this.queries.get(taskId);
    if (!row) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    const next = row.status === 'pending' || row.status === 'running' ? this.series.nextOccurrenceTask(row, now) : null;
    const result = await this.store.forceEnd(taskId, now, next);
    if (result.previousStatus === null) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    this.running.forceEnded(taskId);
    if (result.next) this.wake(result.next.dueAt - now);
    return { previousStatus: result.previousStatus, nextTaskId: result.next?.taskId ?? null, changed: result.changed };
  }

  private wake(delayMs: number): void {
    if (this.stopping) return;
    const delay = Math.max(0, delayMs);
    const at = this.app.clock.now() + delay;
    if (this.wakeTimer && at >= this.wakeAt) return;
    this.wakeTimer?.cancel();
    this.wakeAt = at;
    this.wakeTimer = this.app.clock.setTimer(() => {
      this.wakeTimer = null;
      this.wakeAt = Infinity;
      // Woken from inside a model transaction (a hook that wrote a task), the loop still runs
      // outside it: its claims must wait for that transaction, not join it.
      void AmbientTransactions.detach(() => this.tick());
    }, delay);
  }

  /** One pass: reclaim lost work, claim and launch due tasks, then sleep until the next due time. */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        const now = this.app.clock.now();
        if (now - this.reapedAt >= this.settings.pollIntervalMs || now < this.reapedAt) {
          this.reapedAt = now;
          await this.reapExpiredLeases(now);
        }
        // Runs whose lease ran out here are given up first: their slots free, and no new attempt
        // of their task starts beside them before their signal has fired.
        this.running.leases.checkDeadlines();
        const free = this.settings.concurrency - this.running.size;
        if (free <= 0 || this.stopping) break;
        const limit = this.claims.size(free);
        // Both read at the claim, not at the top of the pass: a pass that was held up (a blocked
        // loop, a stopped process) must not claim with a lease that began before it.
        const claimSentAt = this.app.clock.monotonic();
        let claimed: TaskRow[];
        try {
          claimed = await this.own.claimDue(this.app.clock.now(), limit, this.workerId, this.settings.leaseMs);
        } catch (err) {
          // A claim too big for the database's statement_timeout: claim again at once, fewer.
          if (!this.claims.failed(limit, err)) throw err;
          this.tickAgain = true;
          continue;
        }
        this.claims.succeeded(limit, claimed.length);
        // Claimed while close() began: not started, so that shutdown has nothing new to wait for.
        for (const row of claimed)
          // giveBack reports its own failure: nothing to wait for here.
          if (this.stopping) void this.running.giveBack(row);
          else this.running.launch(row, claimSentAt);
        if (claimed.length === limit) this.tickAgain = true;
      } while (this.tickAgain && !this.stopping);
      if (this.stopping) return;
      // With every slot taken, due tasks wait for a slot (the end of a run wakes the loop), not
      // for their due time: waking for them now would spin on the same full slots.
      const full = this.running.size >= this.settings.concurrency;
      const nextDue = full ? null : await this.ownReads.nextDueAt();
      const now = this.app.clock.now();
      const untilDue = nextDue === null ? Infinity : nextDue - now;
      this.wake(Math.min(this.settings.pollIntervalMs, untilDue));
    } catch (err) {
      this.app.logger.error('scheduler pass failed; retrying after the poll interval', { error: err instanceof Error ? err.message : err });
      this.wake(this.settings.pollIntervalMs);
    } finally {
      this.ticking = false;
    }
  }

  /** Runs whose worker stopped renewing its lease (it died, or is cut off): end them as `error`, or retry them. */
  private async reapExpiredLeases(now: number): Promise<void> {
    for (const row of await this.ownReads.expiredLeases(now)) {
      // Its own runs, held or given up, are alive here: they end with their function's outcome.
      if (this.running.isOwn(row.taskId, row.claimId)) continue;
      const outcome: TaskOutcome = {
        status: 'error',
        error: { message: `worker lost: ${row.workerId ?? 'unknown'} stopped renewing its lease` },
      };
      const ended = await this.finisher.end(row, outcome, {
        template: this.series.templateOf(row.fullName),
        workerId: row.workerId ?? '',
        reaping: true,
      });
      if (ended.kind === 'retried') this.wake(ended.dueAt - this.app.clock.now());
    }
  }

  private emit(e: TaskEvent): void {
    for (const l of this.listeners) l(e);
  }
}
