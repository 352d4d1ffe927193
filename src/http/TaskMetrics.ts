import type * as PromClient from 'prom-client';
import type { App } from '../runtime/App';
import type { TaskEvent, TaskServiceApi } from '../tasks';

/**
 * prom-client, loaded when the first metrics are set up (an HTTP handler is created): a process
 * that serves no HTTP does not pay for it (its 30-odd modules and default metrics cost a started
 * process about 2 MB of RSS).
 */
function promClient(): typeof PromClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('prom-client') as typeof PromClient;
}

/** How long the gauges read from the database are kept: a scrape every second does not query every second. */
const GAUGE_CACHE_MS = 5000;
/**
 * The most overdue tasks counted: beyond it the gauge says "at least this many", so that a scrape
 * during an outage with millions of late tasks reads a bounded number of rows.
 */
const MAX_OVERDUE_COUNTED = 10_000;
/** Seconds; from a prompt run to one a day late. */
const LATENESS_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21600, 86400];
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600, 43200];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** What the gauges read at a scrape. */
interface TaskCounts {
  pending: number;
  running: number;
  overdue: number;
  oldestOverdueSeconds: number;
}

/**
 * The Prometheus metrics of one app (SPEC: `/metrics`), in a registry of their own (not
 * prom-client's global one: two apps in one process must not mix). Counters and histograms are
 * fed by the engine's events as they happen; the task gauges are read from the read model at a scrape,
 * kept for {@link GAUGE_CACHE_MS}. Labels are template fullNames, statuses and route patterns:
 * never a task id or a row id, which would make a series per task.
 */
export class TaskMetrics {
  readonly registry: PromClient.Registry;
  private readonly httpDuration: PromClient.Histogram<'route' | 'status'>;
  private cached: { at: number; counts: Promise<TaskCounts> } | null = null;
  private closed = false;

  constructor(
    private readonly app: App,
    private readonly service: TaskServiceApi,
  ) {
    const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = promClient();
    this.registry = new Registry();
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const created = new Counter({
      name: 'jittask_tasks_created_total',
      help: 'Tasks created by calls and date-field syncs of this process, by template',
      labelNames: ['template'],
      registers,
    });
    const runs = new Counter({
      name: 'jittask_task_runs_total',
      help: 'Runs ended in this process, by template and status',
      labelNames: ['template', 'status'],
      registers,
    });
    const retries = new Counter({
      name: 'jittask_task_retries_total',
      help: 'Runs started in this process that retry an earlier attempt',
      registers,
    });
    const skipped = new Counter({
      name: 'jittask_occurrences_skipped_total',
      help: 'Occurrences of repeating templates skipped by the misfire rule',
      registers,
    });
    const leases = new Counter({
      name: 'jittask_leases_expired_total',
      help: 'Runs this process gave up: its lease ran out, or another process took the task',
      registers,
    });
    const duration = new Histogram({
      name: 'jittask_task_duration_seconds',
      help: 'Run time of the runs ended in this process',
      labelNames: ['template'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    const lateness = new Histogram({
      name: 'jittask_task_lateness_seconds',
      help: 'Start minus due time of the runs started in this process',
      labelNames: ['template'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'jittask_http_request_duration_seconds',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });

    const tasks = new Gauge({
      name: 'jittask_tasks',
      help: 'Tasks in the store by status (overdue: pending past the overdue tolerance; counted up to 10000)',
      labelNames: ['status'],
      registers,
      collect: async () => {
        const counts = await this.counts();
        tasks.set({ status: 'pending' }, counts.pending);
        tasks.set({ status: 'running' }, counts.running);
        tasks.set({ status: 'overdue' }, counts.overdue);
      },
    });
    const oldest = new Gauge({
      name: 'jittask_oldest_overdue_seconds',
      help: 'How late the most overdue pending task is (0: none is overdue)',
      registers,
      collect: async () => {
        oldest.set((await this.counts()).oldestOverdueSeconds);
      },
    });
    const used = new Gauge({
      name: 'jittask_scheduler_slots_used',
      help: 'Runs of this process right now',
      registers,
      collect: () => {
        used.set(service.runningCount);
      },
    });
    new Gauge({
      name: 'jittask_scheduler_concurrency',
      help: 'Runs this process may run at once (settings.scheduler.concurrency)',
      registers,
    }).set(service.settings.concurrency);

    service.onCreated((template) => {
      if (!this.closed) created.inc({ template });
    });
    service.onEvent((e: TaskEvent) => {
      if (this.closed) return;
      const template = e.fullName;
      switch (e.kind) {
        case 'started':
          if ((e.attempt ?? 1) > 1) retries.inc();
          lateness.observe({ template }, Math.max(0, e.ms ?? 0) / 1000);
          break;
        case 'ended':
          runs.inc({ template, status: e.status ?? 'unknown' });
          duration.observe({ template }, (e.ms ?? 0) / 1000);
          break;
        case 'skipped':
          skipped.inc();
          break;
        case 'leaseLost':
          leases.inc();
          break;
        default:
          break;
      }
    });
  }

  /** Records one HTTP request: its route pattern, status and seconds taken. */
  observeRequest(route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ route, status: String(status) }, seconds);
  }

  /** The registry's text and content type. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  /** Stops counting (the handler closed); the service keeps no way to unsubscribe. */
  close(): void {
    this.closed = true;
  }

  private counts(): Promise<TaskCounts> {
    const now = this.app.clock.monotonic();
    if (this.cached && now - this.cached.at < GAUGE_CACHE_MS) return this.cached.counts;
    const counts = this.readCounts();
    this.cached = { at: now, counts };
    counts.catch(() => {
      this.cached = null;
    });
    return counts;
  }

  private async readCounts(): Promise<TaskCounts> {
    const queries = this.service.queries;
    const overdueBefore = this.app.clock.now() - this.service.settings.overdueToleranceMs;
    const [byStatus, overdue, soonest] = await Promise.all([
      queries.countByStatus(),
      queries.list({ status: 'pending', to: overdueBefore - 1, limit: MAX_OVERDUE_COUNTED }),
      queries.nextDueAt(),
    ]);
    const late = soonest !== null && soonest < overdueBefore ? (this.app.clock.now() - soonest) / 1000 : 0;
    return { pending: byStatus.pending ?? 0, running: byStatus.running ?? 0, overdue: overdue.length, oldestOverdueSeconds: late };
  }
}
