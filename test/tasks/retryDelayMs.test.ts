import { MAX_RETRY_DELAY_MS, retryDelayMs } from '../../src/tasks/retryDelayMs';

const MINUTE = 60_000;

describe('retryDelayMs: the wait before the next attempt of a failed run', () => {
  test('the backoff doubles with each failed attempt', () => {
    const retry = { maxAttempts: 5, backoffMs: MINUTE };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(retry, attempt))).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]);
  });

  test('the doubling stops at seven days, however many attempts failed', () => {
    expect(MAX_RETRY_DELAY_MS).toBe(7 * 86_400_000);
    const daily = { maxAttempts: 100, backoffMs: 86_400_000 };
    expect(retryDelayMs(daily, 3)).toBe(4 * 86_400_000);
    expect(retryDelayMs(daily, 4)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(daily, 99)).toBe(MAX_RETRY_DELAY_MS);
  });

  test('the delay is always a finite whole number of milliseconds, even for values the schema would refuse', () => {
    for (const [backoffMs, attempt] of [
      [1e308, 1],
      [1e308, 2000],
      [1, 5000],
      [0, 5000],
      [0.5, 1],
      [Infinity, 1],
      [NaN, 1],
    ] as const) {
      const delay = retryDelayMs({ maxAttempts: 100, backoffMs }, attempt);
      expect(Number.isSafeInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
    }
    expect(retryDelayMs({ maxAttempts: 100, backoffMs: 0 }, 5000)).toBe(0);
  });
});
