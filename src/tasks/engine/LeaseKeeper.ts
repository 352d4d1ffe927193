import * as os from 'node:os';
import type { Logger } from '../../log/Logger';
import type { Clock, TimerHandle } from '../../time/Clock';
import { tokenOf, type RunToken, type TaskRow } from '../TaskRecord';
import type { TaskStore } from '../store/TaskStore';

/**
 * Why this process stops treating a run as its own: `expired`, it had not renewed the lease for a
 * whole lease (cut off from the database, or its event loop blocked); `taken`, the database no
 * longer gives the run to its claim (force-ended, or reaped by another process).
 */
export type LeaseLoss = 'expired' | 'taken';

/** A run whose lease this process holds. */
interface HeldLease {
  token: RunToken;
  /** Monotonic time at which the last renewal that succeeded was sent (the claim, at first). */
  renewedAt: number;
}

/**
 * The leases of one process and its heartbeat. Every third of a lease it renews the leases of the
 * runs it holds, fenced by their tokens, and records the process as alive. It measures how long a
 * lease has gone unrenewed on the clock's monotonic time, from when the renewal was *sent*: the
 * database starts the renewed lease no earlier, so this process gives a run up before any other
 * may reap it. A timer of its own waits for the earliest such deadline, so a renewal that hangs
 * (the database unreachable) cannot delay giving a run up. A lease given up is never renewed.
 */
export class LeaseKeeper {
  readonly startedAt: number;
  private readonly held = new Map<string, HeldLease>();
  private renewTimer: TimerHandle | null = null;
  private deadlineTimer: TimerHandle | null = null;
  private renewing = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly store: () => TaskStore,
    readonly workerId: string,
    private readonly leaseMs: number,
    private readonly onLost: (taskId: string, loss: LeaseLoss) => void,
    /** Where failed renewals, heartbeats and the worker's removal are reported. */
    private readonly logger: Logger,
  ) {
    this.startedAt = clock.now();
  }

  /** Whether a run claimed at monotonic time `claimSentAt` may still start: its lease has not run out. */
  canStart(claimSentAt: number): boolean {
    return this.clock.monotonic() - claimSentAt < this.leaseMs;
  }

  /** Starts holding the lease of `row`, claimed at monotonic time `claimSentAt`. */
  hold(row: TaskRow, claimSentAt: number): void {
    this.held.set(row.taskId, { token: tokenOf(row), renewedAt: claimSentAt });
    // Later holds have later deadlines: a timer already waiting is for an earlier one.
    if (!this.deadlineTimer) this.armDeadline();
  }

  /** Stops holding the lease of the run of `claimId` (it ended, or was given up); a later claim of the task keeps its own. */
  drop(taskId: string, claimId: string | null): void {
    if (this.held.get(taskId)?.token.claimId === (claimId ?? '')) this.held.delete(taskId);
  }

  /** Beats at once, then renews and beats every third of a lease until {@link stop}. */
  async start(): Promise<void> {
    await this.beat();
    this.scheduleRenewal();
  }

  /** Stops renewing and forgets this process in the database (best effort: it may be unreachable). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.renewTimer?.cancel();
    this.deadlineTimer?.cancel();
    try {
      await this.store().removeWorker(this.workerId);
    } catch (err) {
      this.logger.warn('could not remove this worker from the workers table', { error: err instanceof Error ? err.message : err });
    }
  }

  /**
   * One round: gives up the runs whose lease has run out here, renews the others, beats. Public so
   * that tests can drive a round; the timer calls it otherwise.
   */
  async renew(): Promise<void> {
    this.checkDeadlines();
    if (this.renewing) return; // the previous round still waits for the database
    this.renewing = true;
    try {
      const sentAt = this.clock.monotonic();
      const renewing = [...this.held.values()];
      if (renewing.length > 0) {
        const kept = new Set(
          await this.store().renewLeases(
            this.leaseMs,
            renewing.map((l) => l.token),
            this.clock.now(),
          ),
        );
        for (const lease of renewing) {
          if (this.held.get(lease.token.taskId) !== lease) continue; // ended or given up meanwhile
          if (kept.has(lease.token.taskId)) lease.renewedAt = sentAt;
          else this.lose(lease.token.taskId, 'taken');
        }
      }
    } catch (err) {
      this.logger.warn('lease renewal failed', { error: err instanceof Error ? err.message : err });
    } finally {
      this.renewing = false;
    }
    await this.beat();
  }

  /**
   * Gives up every run whose lease has run out here. The loop calls it before it claims, so that a
   * process waking from a blocked loop fires the old runs' signals before it starts new ones (its
   * timers may run in any order after the pause).
   */
  checkDeadlines(): void {
    const now = this.clock.monotonic();
    for (const [taskId, lease] of [...this.held]) {
      if (now - lease.renewedAt >= this.leaseMs) this.lose(taskId, 'expired');
    }
  }

  /** Waits for the earliest deadline of the leases held, gives up what has run out, and waits again. */
  private armDeadline(): void {
    this.deadlineTimer?.cancel();
    this.deadlineTimer = null;
    if (this.stopped || this.held.size === 0) return;
    let earliest = Infinity;
    for (const lease of this.held.values()) earliest = Math.min(earliest, lease.renewedAt);
    this.deadlineTimer = this.clock.setTimer(
      () => {
        this.deadlineTimer = null;
        this.checkDeadlines();
        this.armDeadline();
      },
      earliest + this.leaseMs - this.clock.monotonic(),
    );
  }

  private lose(taskId: string, loss: LeaseLoss): void {
    this.held.delete(taskId);
    this.onLost(taskId, loss);
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.store().heartbeat(
        { workerId: this.workerId, host: os.hostname(), pid: process.pid, startedAt: this.startedAt, running: this.held.size },
        this.clock.now(),
      );
    } catch (err) {
      this.logger.warn('heartbeat failed', { error: err instanceof Error ? err.message : err });
    }
  }

  private scheduleRenewal(): void {
    if (this.stopped) return;
    this.renewTimer = this.clock.setTimer(() => {
      this.scheduleRenewal();
      void this.renew();
    }, this.leaseMs / 3);
  }
}
