/**
 * The chaos checker counts each breach of the scheduler's guarantees from a run's logs and
 * database: a scenario per count, each with the excuse the checker must accept beside it.
 */
interface Fact {
  ev: string;
  pid: number;
  t: number;
  [key: string]: unknown;
}
interface Report {
  counts: Record<string, number>;
}
const { evaluate } = jest.requireActual<{ evaluate: (meta: object, facts: Fact[], store: object) => Report }>('../../chaos/check');

const LEASE = 3000;
const meta = { backend: 'pg', leaseSeconds: 3, series: ['tasks.Every05'], drainedAt: 100_000, stoppedAt: 100_000 };
const WORKER = 11;
const OTHER = 22;
const COORDINATOR = 1;

function task(id: string, extra: Record<string, unknown> = {}) {
  return {
    task_id: id,
    full_name: 'tasks.Short',
    status: 'completed',
    origin: 'manual',
    attempt: 1,
    worker_id: `${WORKER}-a`,
    due_at: 1000,
    result: null,
    error: null,
    ...extra,
  };
}
const seriesTask = task('s1', { full_name: 'tasks.Every05', origin: 'series', status: 'pending', due_at: 200_000 });

/** A run of task `id` in `pid`: claimed at `claim`, its function from `begin` to `end`. */
function ran(id: string, pid: number, begin: number, end: number, outcome = 'return', attempt = 1): Fact[] {
  const run = { taskId: id, attempt, token: `tok-${id}-${pid}-${attempt}` };
  return [
    { ev: 'begin', pid, t: begin, ...run },
    { ev: outcome, pid, t: end, ...run },
  ];
}
function started(id: string, at: number, attempt = 1, pid = WORKER) {
  return { task_id: id, attempt, event: 'started', at, worker_id: `${pid}-a`, message: null };
}
function completed(id: string, at: number, attempt = 1, pid = WORKER) {
  return { task_id: id, attempt, event: 'completed', at, worker_id: `${pid}-a`, message: null };
}

describe('the chaos checker', () => {
  it('counts nothing for a run where every task ran once, on time, and was recorded', () => {
    const facts = [{ ev: 'created', pid: 5, t: 900, taskIds: ['a'] }, ...ran('a', WORKER, 1010, 1500)];
    const store = { tasks: [task('a'), seriesTask], history: [started('a', 1005), completed('a', 1501)] };
    expect(evaluate(meta, facts, store).counts).toEqual({
      lost: 0,
      overlap: 0,
      startedLate: 0,
      series: 0,
      lateNotRecorded: 0,
      falseLost: 0,
    });
  });

  it('counts a created task that is missing or still running after the drain as lost', () => {
    const facts = [{ ev: 'created', pid: 5, t: 900, taskIds: ['a', 'b', 'c'] }];
    const store = { tasks: [task('b', { status: 'running' }), task('c', { status: 'pending', due_at: 500_000 }), seriesTask], history: [] };
    expect(evaluate(meta, facts, store).counts.lost).toBe(2);
  });

  it('counts a second run that began while the first still held its lease, not one after the owner was frozen past it', () => {
    const overlapping = [...ran('a', WORKER, 1000, 3000), ...ran('a', OTHER, 2000, 2500)];
    const store = { tasks: [task('a'), seriesTask], history: [started('a', 999), started('a', 1999, 1, OTHER), completed('a', 3001)] };
    expect(evaluate(meta, overlapping, store).counts.overlap).toBe(1);

    // Frozen at 1100 for two leases: the retry at 1100 + lease is after what it could hold.
    const frozen = [
      { ev: 'fault', kind: 'stop', target: WORKER, pid: COORDINATOR, t: 1100 },
      { ev: 'fault', kind: 'cont', target: WORKER, pid: COORDINATOR, t: 1100 + 2 * LEASE },
      ...ran('a', WORKER, 1000, 1100 + 2 * LEASE + 10, 'abort'),
      ...ran('a', OTHER, 1100 + LEASE + 100, 1100 + LEASE + 500, 'return', 2),
    ];
    expect(evaluate(meta, frozen, store).counts.overlap).toBe(0);
  });

  it('counts a function that began more than a lease after its claim as started late', () => {
    const facts = ran('a', WORKER, 1000 + LEASE + 1, 5000);
    const store = { tasks: [task('a'), seriesTask], history: [started('a', 1000), completed('a', 5001)] };
    expect(evaluate(meta, facts, store).counts.startedLate).toBe(1);
  });

  it('counts a repeating template without exactly one pending occurrence', () => {
    expect(evaluate(meta, [], { tasks: [], history: [] }).counts.series).toBe(1);
  });

  it('counts an outcome its living process never recorded, but excuses one whose process was killed after it', () => {
    const facts = ran('a', WORKER, 1000, 1500);
    const store = {
      tasks: [task('a', { status: 'error', error: '{"message":"worker lost: 11-a stopped renewing its lease"}' }), seriesTask],
      history: [started('a', 999)],
    };
    expect(evaluate(meta, facts, store).counts.lateNotRecorded).toBe(1);

    const killed = [...facts, { ev: 'fault', kind: 'kill', target: WORKER, pid: COORDINATOR, t: 1501 }];
    expect(evaluate(meta, killed, store).counts.lateNotRecorded).toBe(0);

    const late = {
      ...store,
      history: [...store.history, { task_id: 'a', attempt: 1, event: 'late', at: 1600, worker_id: `${WORKER}-a`, message: 'kept' }],
    };
    expect(evaluate(meta, facts, late).counts.lateNotRecorded).toBe(0);
  });

  it('counts a "worker lost" for an owner that had returned unhindered, not for one that was frozen', () => {
    const facts = ran('a', WORKER, 1000, 1500);
    const lost = {
      task_id: 'a',
      attempt: 1,
      event: 'error',
      at: 1000 + LEASE + 500,
      worker_id: `${WORKER}-a`,
      message: 'worker lost: 11-a stopped renewing its lease',
    };
    const store = { tasks: [task('a', { status: 'error' }), seriesTask], history: [started('a', 999), lost] };
    expect(evaluate(meta, facts, store).counts.falseLost).toBe(1);

    const frozen = [
      ...facts,
      { ev: 'fault', kind: 'stop', target: WORKER, pid: COORDINATOR, t: 1400 },
      { ev: 'fault', kind: 'cont', target: WORKER, pid: COORDINATOR, t: 1400 + 2 * LEASE },
    ];
    expect(evaluate(meta, frozen, store).counts.falseLost).toBe(0);
  });
});
