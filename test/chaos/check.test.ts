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
      successLost: 0,
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

  it('reads a run that blocked its own event loop as a stop of its process: a "worker lost" then is no false one', () => {
    const facts = [
      ...ran('a', WORKER, 1000, 1400 + 2 * LEASE),
      { ev: 'blocked', pid: WORKER, t: 1400, ms: 2 * LEASE, taskId: 'a', attempt: 1 },
    ];
    const lost = {
      task_id: 'a',
      attempt: 1,
      event: 'error',
      at: 1400 + 2 * LEASE + 100,
      worker_id: `${WORKER}-a`,
      message: 'worker lost: 11-a stopped renewing its lease',
    };
    const store = {
      tasks: [task('a', { status: 'completed' }), seriesTask],
      history: [
        started('a', 999),
        lost,
        { task_id: 'a', attempt: 1, event: 'late', at: 1500 + 2 * LEASE, worker_id: `${WORKER}-a`, message: 'x' },
      ],
    };
    expect(evaluate(meta, facts, store).counts).toMatchObject({ falseLost: 0, overlap: 0, lateNotRecorded: 0 });
  });

  it('reads back-to-back blocks of one process as one frozen stretch: no overlap with a retry run elsewhere meanwhile', () => {
    const facts = [
      ...ran('a', WORKER, 1000, 1400 + 2 * LEASE + 600),
      { ev: 'blocked', pid: WORKER, t: 1400, ms: LEASE, taskId: 'b', attempt: 1 },
      { ev: 'blocked', pid: WORKER, t: 1400 + LEASE, ms: LEASE + 500, taskId: 'c', attempt: 1 },
      ...ran('a', OTHER, 1400 + LEASE + 300, 1400 + LEASE + 800, 'return', 2),
    ];
    const store = {
      tasks: [task('a', { attempt: 2 }), seriesTask],
      history: [started('a', 999), started('a', 1400 + LEASE + 200, 2, OTHER)],
    };
    expect(evaluate(meta, facts, store).counts.overlap).toBe(0);
  });

  it('counts a task ended "worker lost" whose run had returned "ok" and whose later attempt never ran, unless a fault hit its claimer', () => {
    const workerLost = (attempt: number, at: number) => ({
      task_id: 'a',
      attempt,
      event: 'error',
      at,
      worker_id: `${WORKER}-a`,
      message: 'worker lost: 11-a stopped renewing its lease',
    });
    const facts = ran('a', WORKER, 1000, 1000 + 2 * LEASE);
    const ended = task('a', {
      status: 'error',
      attempt: 2,
      ended_at: 1000 + 4 * LEASE,
      error: '{"message":"worker lost: 11-a stopped renewing its lease"}',
    });
    const history = [
      started('a', 999),
      workerLost(1, 1000 + LEASE + 100),
      started('a', 1000 + LEASE + 200, 2),
      { task_id: 'a', attempt: 1, event: 'late', at: 1000 + 2 * LEASE, worker_id: `${WORKER}-a`, message: 'kept in the history only' },
      workerLost(2, 1000 + 4 * LEASE),
    ];
    expect(evaluate(meta, facts, { tasks: [ended, seriesTask], history }).counts.successLost).toBe(1);

    // The later attempt was claimed by a process killed before it could start it.
    const claimedElsewhere = history.map((h) => (h.event === 'started' && h.attempt === 2 ? started('a', h.at, 2, OTHER) : h));
    const killed = [...facts, { ev: 'fault', kind: 'kill', target: OTHER, pid: COORDINATOR, t: 1000 + LEASE + 300 }];
    expect(evaluate(meta, killed, { tasks: [ended, seriesTask], history: claimedElsewhere }).counts.successLost).toBe(0);

    // The later attempt ran: its own end is the outcome, whatever it was.
    const retried = [...facts, ...ran('a', OTHER, 1000 + LEASE + 300, 1000 + LEASE + 400, 'throw', 2)];
    expect(evaluate(meta, retried, { tasks: [ended, seriesTask], history: claimedElsewhere }).counts.successLost).toBe(0);
  });
});
