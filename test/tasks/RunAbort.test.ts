import { RunAbort } from '../../src/tasks/RunAbort';

describe('how a run is stopped (ctx.signal)', () => {
  test('a task that reads its signal only after it was force-ended finds it aborted, with the cause', () => {
    const run = new RunAbort();
    run.abort('forcedEnd');
    expect(run.cause).toBe('forcedEnd');
    expect(run.signal.aborted).toBe(true);
    expect((run.signal.reason as Error).message).toBe('forcedEnd');
  });

  test('a signal read before the stop fires when the run times out', () => {
    const run = new RunAbort();
    const signal = run.signal;
    const heard: string[] = [];
    signal.addEventListener('abort', () => heard.push((signal.reason as Error).message));
    expect(signal.aborted).toBe(false);
    expect(run.cause).toBeUndefined();
    run.abort('timeout');
    expect(heard).toEqual(['timeout']);
    expect(run.signal).toBe(signal);
  });

  test('the first cause wins: a timeout after a shutdown changes nothing', () => {
    const run = new RunAbort();
    const signal = run.signal;
    run.abort('shutdown');
    run.abort('timeout');
    expect(run.cause).toBe('shutdown');
    expect((signal.reason as Error).message).toBe('shutdown');
  });
});
