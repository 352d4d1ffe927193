/** A timer handle of a {@link Clock}. */
export type TimerHandle = { cancel(): void };

/**
 * The scheduler's source of time. The system clock in production; tests pass a
 * {@link ManualClock} so time-dependent behaviour is tested without sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Milliseconds on a clock that only moves forward at a steady rate, from an arbitrary origin:
   * how long a lease has gone unrenewed is measured on it, so a wall-clock jump cannot stretch it.
   */
  monotonic(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** Node's `setTimeout` overflows past 2^31-1 ms and then fires at once: never ask it for more. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(fn, ms) {
    // No delay: the next turn of the event loop, not setTimeout's 1 ms minimum. The scheduler asks
    // for this after every run that ends, so with many short tasks the minimum adds up.
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return { cancel: () => clearImmediate(immediate) };
    }
    // A delay past the limit is waited out in steps, so a 30-day timeout does not fire early.
    let t: NodeJS.Timeout;
    const wait = (left: number): void => {
      t = setTimeout(() => (left > MAX_TIMER_MS ? wait(left - MAX_TIMER_MS) : fn()), Math.min(left, MAX_TIMER_MS));
    };
    wait(Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};
