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
