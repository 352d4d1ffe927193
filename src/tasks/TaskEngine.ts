import { randomUUID } from 'node:crypto';
import { PgDatabase } from '../db/PgDatabase';
import { sqliteWriteTurns } from '../db/sqliteWriteTurns';
import { JitError } from '../errors/JitError';
import type { App, AppService } from '../runtime/App';
import { formatAppTime } from '../time/formatAppTime';
import type { TimerCfg } from '../time/TimerCfg';
import type { TimerHandle } from './Clock';
import { runInTaskContext, type TaskContext } from './currentTask';
import { currentRowData } from './dateField/currentRowData';
import { nextDateFieldTask } from './dateField/nextDateFieldTask';
import { holidaysOf, nextTemplateOccurrence } from './nextTemplateOccurrence';
import { newTaskId } from './newTaskId';
import { resolveTaskFunction } from './resolveTaskFunction';
import { RunAbort } from './RunAbort';
import { readSchedulerSettings, type SchedulerSettings } from './SchedulerSettings';
import type { JsonValue, NewTask, TaskErrorInfo, TaskOutcome, TaskRow } from './TaskRecord';
import type { FinishRequest, FinishResult, RowTaskChange, RowTaskSync, TaskStore } from './store/TaskStore';
import { templateSettings, type TemplateSettings } from './TemplateSettings';

/** A line the engine reports (the CLI prints them; tests collect them). */
export interface TaskEvent {
  kind: 'started' | 'ended' | 'skipped' | 'scheduled';
  taskId: string;
  fullName: string;
  /** Due time, epoch ms. */
  dueAt: number;
  /** For `started`: start minus due, ms. For `ended`: run time, ms. */
  ms?: number;
  status?: string;
  message?: string;
}

/** Running tasks of this process: to abort them and to wait for them on shutdown. */
interface RunningTask {
  row: TaskRow;
  abort: RunAbort;
  done: Promise<void>;
}

/**
 * The scheduler of one app (SPEC §9). Pending tasks stay in the database; the engine keeps only the
 * nearest due time, sleeps until then (or until a sooner task is created here, or the poll interval
 * passes, for tasks written by other processes), claims due tasks in batches, runs them through
 * the same call path as any service call, and ends each in one transaction with the next occurrence
 * of its series.
 */
export class TaskEngine implements AppService {
  readonly settings: SchedulerSettings;
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, RunningTask>();
  private readonly listeners: Array<(e: TaskEvent) => void> = [];
  private wakeTimer: TimerHandle | null = null;
  private wakeAt = Infinity;
  private leaseTimer: TimerHandle | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  /** Runs waiting to be ended in the next group transaction. */
  private finishing: Array<{ request: FinishRequest; resolve: (r: FinishResult) => void; reject: (e: unknown) => void }> = [];
  /** When lapsed leases were last looked for: once per poll interval is enough. */
  private reapedAt = -Infinity;
  private ticking = false;
  private tickAgain = false;
  private started = false;
  private stopping = false;

  private opened: TaskStore | null = null;

  /** `openStore` runs on first use, so loading an app only to inspect it creates no database file. */
  constructor(private readonly app: App, private readonly openStore: () => TaskStore) {
    this.settings = readSchedulerSettings(app.settings.scheduler);
    holidaysOf(app); // a bad settings.holidays fails the start, not the first holiday-aware run
  }

  /** The task store (opened on first use). */
  get store(): TaskStore {
    this.opened ??= this.openStore();
    return this.opened;
  }

  /** Subscribes to task events (runs starting and ending, skipped occurrences). */
  onEvent(listener: (e: TaskEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Brings template occurrences in line with the definitions, then starts the loop. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.syncTemplates();
    this.renewLeasesLater();
    // Other processes' new tasks wake this one at once where the database can tell (PostgreSQL).
    this.unlisten = (await this.store.listen?.((dueAt) => this.wake(dueAt - this.app.clock.now()))) ?? null;
    this.wake(0);
  }

  /**
   * Stops claiming, waits for running tasks up to the grace period, then aborts what is left and
   * ends it as `error` (or puts it back for a retry when its template allows one).
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.wakeTimer?.cancel();
    this.leaseTimer?.cancel();
    await this.unlisten?.();
    if (this.running.size > 0) {
      let graceTimer: TimerHandle | undefined;
      const grace = new Promise<void>((resolve) => { graceTimer = this.app.clock.setTimer(resolve, this.settings.shutdownGraceMs); });
      await Promise.race([Promise.all([...this.running.values()].map((r) => r.done)), grace]);
      graceTimer?.cancel();
      for (const r of [...this.running.values()]) {
        r.abort.abort('shutdown');
        await this.end(r.row, { status: 'error', error: { message: 'shutdown: still running after the grace period' } });
      }
    }
    await this.opened?.close();
  }

  /** Writes tasks (one transaction) and wakes the loop if one is due sooner than it planned. */
  async insert(tasks: NewTask[]): Promise<TaskRow[]> {
    this.app.assertOpen();
    const rows = await this.store.insert(tasks);
    this.wakeFor(rows);
    return rows;
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
    if (this.started && !this.stopping && soonest < this.wakeAt) this.wake(soonest - this.app.clock.now());
  }

  /** Ends a task by force (SPEC §7.4): a pending one never runs, a running one is aborted and its result discarded. */
  async forceEnd(taskId: string): Promise<{ previousStatus: TaskRow['status']; nextTaskId: string | null; changed: boolean }> {
    const now = this.app.clock.now();
    const row = await this.store.get(taskId);
    if (!row) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    const next = row.status === 'pending' || row.status === 'running' ? this.nextOccurrenceTask(row, now) : null;
    const result = await this.store.forceEnd(taskId, now, next);
    if (result.previousStatus === null) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    this.running.get(taskId)?.abort.abort('forcedEnd');
    if (result.next) this.wake(result.next.dueAt - now);
    return { previousStatus: result.previousStatus, nextTaskId: result.next?.taskId ?? null, changed: result.changed };
  }

  /** The settings of template `fullName`, or undefined when the app no longer has it (a stale task). */
  private templateOf(fullName: string): TemplateSettings | undefined {
    const define = this.app.findElements(fullName)[0];
    return define ? templateSettings(define) : undefined;
  }

  /** The task for the first occurrence of a repeating template after `after`, or null. */
  seriesTask(fullName: string, after: number, createdAt = this.app.clock.now()): NewTask | null {
    const define = this.app.getElementDefine(fullName);
    const cfg = define.timerCfg as TimerCfg | undefined;
    if (!cfg) return null;
    const due = nextTemplateOccurrence(this.app, cfg, after);
    if (!due) return null;
    const t = templateSettings(define);
    return { taskId: newTaskId(), fullName, taskType: t.taskType, funcName: t.funcName, argDict: t.argDict, dueAt: due.toMillis(), origin: 'series', createdAt };
  }

  /**
   * On start: each enabled timer template gets exactly one pending occurrence; one whose definition
   * changed is replaced; one missed while the app was down is skipped (and recorded) or, with
   * `misfire: fireOnce`, kept to run once now; one waiting for a retry is kept. Disabled and
   * removed templates lose theirs.
   */
  private async syncTemplates(): Promise<void> {
    const now = this.app.clock.now();
    const templates = new Map(this.app.findElements('tasks.NormalType.type').map((d) => [d.fullName, d]));
    const pending = await this.store.list({ status: 'pending', origin: 'series', limit: Number.MAX_SAFE_INTEGER });
    for (const row of pending) {
      const define = templates.get(row.fullName);
      if (!define || !templateSettings(define).enabled) await this.store.deletePending({ taskIds: [row.taskId] });
    }
    for (const define of templates.values()) {
      const t = templateSettings(define);
      if (!t.enabled) continue;
      const current = pending.find((r) => r.fullName === define.fullName);
      // A run waiting for its retry is not an occurrence of the rule: it keeps its due time (and
      // runs at once if that passed while the app was down), so no attempt is lost by a restart.
      if (current && current.attempt > 1) continue;
      if (current && current.dueAt < now - this.settings.overdueToleranceMs) {
        if (t.misfire === 'fireOnce') continue;
        await this.store.deletePending({ taskIds: [current.taskId] });
        const next = this.seriesTask(define.fullName, now);
        const [written] = next ? await this.store.insert([next]) : [];
        const message = `missed occurrence due ${formatAppTime(current.dueAt, this.app.timezone)} (task ${current.taskId}) skipped: the app was not running`;
        if (written) await this.store.recordSkipped({ taskId: written.taskId, attempt: 0, at: now, workerId: this.workerId, message });
        this.emit({ kind: 'skipped', taskId: current.taskId, fullName: current.fullName, dueAt: current.dueAt, message });
        continue;
      }
      // One due moments ago (within the tolerance) is on time, not missed: check it against the
      // rule at its own due time, so that an unchanged one runs now instead of being replaced.
      const wanted = this.seriesTask(define.fullName, current && current.dueAt <= now ? current.dueAt - 1 : now);
      const same = current && wanted && current.dueAt === wanted.dueAt && current.funcName === wanted.funcName
        && JSON.stringify(current.argDict) === JSON.stringify(wanted.argDict);
      if (same) continue;
      if (current) await this.store.deletePending({ taskIds: [current.taskId] });
      if (wanted) await this.store.insert([wanted]);
    }
  }

  /**
   * The next occurrence to write when `row` ends at `now`, for series tasks and yearly date-field
   * tasks only. It is created at `now` exactly, which is how a repeated `forcedEnd` finds it again.
   */
  private nextOccurrenceTask(row: TaskRow, now: number): NewTask | null {
    if (row.origin === 'dateField') return nextDateFieldTask(this.app, row, now);
    if (row.origin !== 'series') return null;
    if (!this.templateOf(row.fullName)?.enabled) return null;
    // Occurrences missed while this one ran are not replayed: the series continues after now.
    return this.seriesTask(row.fullName, Math.max(row.dueAt, now), now);
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
      void sqliteWriteTurns.detach(() => PgDatabase.detach(() => this.tick()));
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
        const free = this.settings.concurrency - this.running.size;
        if (free <= 0 || this.stopping) break;
        const limit = Math.min(this.settings.batchSize, free);
        const claimed = await this.store.claimDue(now, limit, this.workerId, now + this.settings.leaseMs);
        for (const row of claimed) this.launch(row);
        if (claimed.length === limit) this.tickAgain = true;
      } while (this.tickAgain && !this.stopping);
      if (this.stopping) return;
      // With every slot taken, due tasks wait for a slot (the end of a run wakes the loop), not
      // for their due time: waking for them now would spin on the same full slots.
      const full = this.running.size >= this.settings.concurrency;
      const nextDue = full ? null : await this.store.nextDueAt();
      const now = this.app.clock.now();
      const untilDue = nextDue === null ? Infinity : nextDue - now;
      this.wake(Math.min(this.settings.pollIntervalMs, untilDue));
    } catch (err) {
      console.error('[jittask] scheduler pass failed; retrying after the poll interval:', err instanceof Error ? err.message : err);
      this.wake(this.settings.pollIntervalMs);
    } finally {
      this.ticking = false;
    }
  }

  private launch(row: TaskRow): void {
    const abort = new RunAbort();
    const entry: RunningTask = { row, abort, done: Promise.resolve() };
    this.running.set(row.taskId, entry);
    // A failure here is the store's (the function's own errors are outcomes): report it rather than
    // let it crash the process. The task stays `running` in the store until this process stops and
    // its lease lapses; another process then ends it as worker lost.
    entry.done = this.run(row, abort).catch((err: unknown) => {
      console.error(`[jittask] task ${row.taskId}: could not record how it ended:`, err);
    }).finally(() => {
      this.running.delete(row.taskId);
      this.wake(0);
    });
  }

  private async run(row: TaskRow, abort: RunAbort): Promise<void> {
    const startedAt = this.app.clock.now();
    this.emit({ kind: 'started', taskId: row.taskId, fullName: row.fullName, dueAt: row.dueAt, ms: startedAt - row.dueAt });
    const template = this.templateOf(row.fullName);
    const ctx: TaskContext = {
      taskId: row.taskId, fullName: row.fullName, scheduledTime: formatAppTime(row.dueAt, this.app.timezone),
      attempt: row.attempt, get signal() { return abort.signal; },
    };
    let timer: TimerHandle | undefined;
    const timeoutMs = template?.timeoutMs ?? this.settings.defaultTimeoutMs;
    const timedOut = new Promise<TaskOutcome>((resolve) => {
      timer = this.app.clock.setTimer(() => {
        abort.abort('timeout');
        resolve({ status: 'timeout', error: { message: `timed out after ${timeoutMs / 1000} s` } });
      }, timeoutMs);
    });
    let ranWithModelRow = false;
    const ran = (async (): Promise<TaskOutcome> => {
      try {
        // A task written before its template was removed from the app fails instead of running.
        if (!template) throw new JitError('ELEMENT_NOT_FOUND', `template '${row.fullName}' no longer exists`, { fullName: row.fullName });
        const fn = resolveTaskFunction(this.app, row.fullName, row.funcName);
        const current = row.origin === 'dateField' ? await currentRowData(this.app, row) : null;
        ranWithModelRow = current !== null;
        const args = current ? { rowData: current } : row.argDict;
        const value = await runInTaskContext(ctx, () => fn(args, ctx));
        return { status: 'completed', result: toJson(value) };
      } catch (err) {
        return { status: 'error', error: errorInfo(err) };
      }
    })();
    const outcome = await Promise.race([ran, timedOut]);
    timer?.cancel();
    // Ended elsewhere: by forcedEnd (already recorded) or by close() (which records it).
    if (abort.cause === 'forcedEnd' || abort.cause === 'shutdown') return;
    await this.end(row, outcome, template, this.workerId, ranWithModelRow);
    this.emit({ kind: 'ended', taskId: row.taskId, fullName: row.fullName, dueAt: row.dueAt, ms: this.app.clock.now() - startedAt, status: outcome.status, message: outcome.error?.message });
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
   * Ends a run: a retry when the template allows one, else the final status with the next
   * occurrence. `ranWithModelRow`: a date-field task found its row in the model when it started.
   */
  private async end(row: TaskRow, outcome: TaskOutcome, template = this.templateOf(row.fullName), workerId = this.workerId, ranWithModelRow = false): Promise<void> {
    const now = this.app.clock.now();
    const retry = template?.retry;
    if (outcome.status !== 'completed' && retry && row.attempt < retry.maxAttempts) {
      const delay = retry.backoffMs * 2 ** (row.attempt - 1);
      let retried = false;
      await this.persist(`retry of task ${row.taskId}`, async () => {
        retried = await this.store.retry(row.taskId, workerId, outcome.error ?? null, now + delay, row.attempt + 1, now);
      });
      if (retried) {
        this.wake(delay);
        return;
      }
    }
    let next = this.nextOccurrenceTask(row, now);
    if (next && ranWithModelRow && await this.rowDeleted(row)) next = null;
    await this.persist(`end of task ${row.taskId}`, () => this.finishInGroup({ taskId: row.taskId, workerId, attempt: row.attempt, outcome, now, next }));
  }

  /**
   * Ends a run together with the others ending in the same turn of the event loop: one transaction
   * for the group instead of one per run. If the group's transaction fails, each run is tried on
   * its own, so one bad write cannot hold the others back.
   */
  private finishInGroup(request: FinishRequest): Promise<FinishResult> {
    return new Promise((resolve, reject) => {
      this.finishing.push({ request, resolve, reject });
      if (this.finishing.length > 1) return;
      setImmediate(() => {
        const group = this.finishing.splice(0);
        this.store.finishMany(group.map((g) => g.request)).then(
          (results) => group.forEach((g, i) => g.resolve(results[i]!)),
          () => {
            for (const g of group) this.store.finishMany([g.request]).then(([r]) => g.resolve(r!), g.reject);
          },
        );
      });
    });
  }

  /** Tasks whose worker stopped renewing its lease (it died): end them as `error`, or retry them. */
  private async reapExpiredLeases(now: number): Promise<void> {
    for (const row of await this.store.expiredLeases(now)) {
      if (this.running.has(row.taskId)) continue;
      const outcome: TaskOutcome = { status: 'error', error: { message: `worker lost: ${row.workerId ?? 'unknown'} stopped renewing its lease` } };
      await this.end(row, outcome, this.templateOf(row.fullName), row.workerId ?? '');
    }
  }

  /**
   * Every third of the lease: extend the leases of the tasks this process runs. A task the store no
   * longer lets it hold was force-ended by another process (or reaped): abort it here too.
   */
  private renewLeasesLater(): void {
    this.leaseTimer = this.app.clock.setTimer(() => {
      if (this.stopping) return;
      const until = this.app.clock.now() + this.settings.leaseMs;
      const mine = [...this.running.keys()];
      void this.store.renewLeases(this.workerId, until, mine)
        .then((held) => {
          const kept = new Set(held);
          for (const id of mine) if (!kept.has(id)) this.running.get(id)?.abort.abort('forcedEnd');
        })
        .catch((err: unknown) => console.error('[jittask] lease renewal failed:', err))
        .finally(() => this.renewLeasesLater());
    }, this.settings.leaseMs / 3);
  }

  /**
   * Runs a store write that must not be lost (how a run ended), again and again while the database
   * is unreachable, until it succeeds or the app stops; after that, the lease rules take over.
   */
  private async persist(what: string, write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        if (this.stopping && attempt > 0) throw err;
        console.error(`[jittask] ${what} failed (attempt ${attempt + 1}); retrying:`, err instanceof Error ? err.message : err);
        await new Promise<void>((resolve) => this.app.clock.setTimer(resolve, Math.min(this.settings.pollIntervalMs * 2 ** attempt, 30_000)));
      }
    }
  }

  private emit(e: TaskEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** What a task returned, as JSON (undefined → null); something that is not JSON fails the task. */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error('the task returned a value that is not JSON-serialisable');
  return JSON.parse(text) as JsonValue;
}

function errorInfo(err: unknown): TaskErrorInfo {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}
