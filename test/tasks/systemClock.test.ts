import { systemClock } from 'jittask';

// Node's setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days). Jest's fake timers
// stand in for the machine's here: what is tested is how systemClock asks for the delay.
describe('systemClock timers longer than setTimeout allows', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a 30-day timer fires after 30 days, not before', () => {
    const fired = jest.fn();
    const day = 86_400_000;
    systemClock.setTimer(fired, 30 * day);
    jest.advanceTimersByTime(29 * day);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(day - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  test('cancel works in any step of a long wait', () => {
    const fired = jest.fn();
    const timer = systemClock.setTimer(fired, 40 * 86_400_000);
    jest.advanceTimersByTime(30 * 86_400_000); // past the first step
    timer.cancel();
    jest.advanceTimersByTime(20 * 86_400_000);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('systemClock timers without delay', () => {
  // Asked of setImmediate, not of setTimeout: Node runs a 0 ms timeout after at least 1 ms.
  test('are asked of the next turn of the event loop, not of a timeout', async () => {
    const immediate = jest.spyOn(global, 'setImmediate');
    const timeout = jest.spyOn(global, 'setTimeout');
    try {
      const fired = new Promise<string>((resolve) => systemClock.setTimer(() => resolve('fired'), 0));
      expect(immediate).toHaveBeenCalledTimes(1);
      expect(timeout).not.toHaveBeenCalled();
      await expect(fired).resolves.toBe('fired');
    } finally {
      immediate.mockRestore();
      timeout.mockRestore();
    }
  });

  test('can be cancelled before they run', async () => {
    const fired = jest.fn();
    systemClock.setTimer(fired, 0).cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).not.toHaveBeenCalled();
  });
});
