import type { Clock, TimerHandle } from './Clock';

/**
 * A clock that moves only when told to. `advance(ms)` lets `ms` pass: the timers that fall due run
 * in order, and the promises they start settle between them. `set(time)` changes the wall time
 * (also backwards) without moving elapsed time, as a system clock change does: timers, like
 * Node's, count elapsed time and keep their remaining delay.
 */
export class ManualClock implements Clock {
  /** Elapsed (monotonic) time; timers are due on it. */
  private elapsed = 0;
  /** Wall time minus elapsed time. */
  private offset: number;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;
  private longest = 0;

  constructor(start: number | Date = Date.UTC(2025, 0, 1)) {
    this.offset = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.elapsed + this.offset;
  }

  /** Elapsed time: it moves with {@link advance} only, never with {@link set}. */
  monotonic(): number {
    return this.elapsed;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.longest = Math.max(this.longest, ms);
    this.timers.push({ at: this.elapsed + Math.max(0, ms), fn, id });
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t.id !== id);
      },
    };
  }

  /** Lets `ms` pass, firing due timers one by one and settling the work they start. */
  async advance(ms: number): Promise<void> {
    const target = this.elapsed + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.elapsed = Math.max(this.elapsed, due.at);
      due.fn();
      await settle();
    }
    this.elapsed = target;
    await settle();
  }

  /**
   * Lets `ms` pass without running anything, as a blocked event loop (or a stopped process) sees
   * it: the timers that fell due meanwhile run at the next {@link advance}, in the order they fell
   * due, and every one of them then sees the later time.
   */
  block(ms: number): void {
    this.elapsed += ms;
  }

  /** Sets the wall time (a jump, backwards allowed); timers keep their remaining delay. */
  async set(time: number | Date): Promise<void> {
    this.offset = (typeof time === 'number' ? time : time.getTime()) - this.elapsed;
    await settle();
  }

  /**
   * The longest delay any timer asked for, ms. A system timer cannot wait longer than 2^31-1 ms
   * (see `systemClock`), so tests check that the scheduler never asks for more.
   */
  get longestTimerMs(): number {
    return this.longest;
  }

  /** Number of timers waiting (for tests that check nothing is left behind). */
  get pendingTimers(): number {
    return this.timers.length;
  }
}

/** Lets queued promise callbacks and I/O callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
