import { ManualClock } from 'jittask';

const T0 = Date.parse('2025-03-01T07:00:00Z');

describe('ManualClock', () => {
  test('advance fires due timers in due order (ties in the order set), and only those', async () => {
    const clock = new ManualClock(T0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b@20'), 20);
    clock.setTimer(() => fired.push('a@10'), 10);
    clock.setTimer(() => fired.push('c@20'), 20);
    clock.setTimer(() => fired.push('d@30'), 30);
    await clock.advance(20);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(T0 + 20);
    expect(clock.pendingTimers).toBe(1);
  });

  test('a timer set by a firing timer fires within the same advance when it falls due in it', async () => {
    const clock = new ManualClock(T0);
    const at: number[] = [];
    clock.setTimer(() => {
      at.push(clock.now());
      clock.setTimer(() => at.push(clock.now()), 5);
    }, 10);
    await clock.advance(15);
    expect(at).toEqual([T0 + 10, T0 + 15]);
  });

  test('the work a timer starts settles before advance returns', async () => {
    const clock = new ManualClock(T0);
    let done = false;
    clock.setTimer(
      () =>
        void Promise.resolve()
          .then(() => Promise.resolve())
          .then(() => {
            done = true;
          }),
      1,
    );
    await clock.advance(1);
    expect(done).toBe(true);
  });

  test('a cancelled timer never fires', async () => {
    const clock = new ManualClock(T0);
    const fn = jest.fn();
    clock.setTimer(fn, 10).cancel();
    await clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  test('set moves the wall time, backwards too, while timers keep their remaining delay', async () => {
    const clock = new ManualClock(T0);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 10_000);
    await clock.advance(4000);
    await clock.set(T0 - 3600_000);
    expect(clock.now()).toBe(T0 - 3600_000);
    await clock.advance(5999);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([T0 - 3600_000 + 6000]);
  });

  test('records the longest delay asked for', () => {
    const clock = new ManualClock(T0);
    expect(clock.longestTimerMs).toBe(0);
    clock.setTimer(() => undefined, 500);
    clock.setTimer(() => undefined, 2 ** 31);
    clock.setTimer(() => undefined, 10);
    expect(clock.longestTimerMs).toBe(2 ** 31);
  });
});
