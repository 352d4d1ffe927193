/** A timer handle of a {@link Clock}. */
export type TimerHandle = { cancel(): void };

/**
 * The scheduler's source of time. The system clock in production; tests pass a
 * {@link ManualClock} so time-dependent behaviour is tested without sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** Node's `setTimeout` overflows past 2^31-1 ms and then fires at once: never ask it for more. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    return { cancel: () => clearTimeout(t) };
  },
};
