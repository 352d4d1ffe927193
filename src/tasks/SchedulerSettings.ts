import { JitError } from '../errors/JitError';

/** The scheduler's knobs: `settings.scheduler` in app.yaml (all optional; README documents each). */
export interface SchedulerSettings {
  /** How often to look for tasks written by other processes, ms. */
  pollIntervalMs: number;
  /** Tasks this process runs at once. */
  concurrency: number;
  /** Tasks claimed per transaction. */
  batchSize: number;
  /** How long a claim holds without renewal, ms; a dead worker's tasks are reclaimed after it. */
  leaseMs: number;
  /** How long `close()` waits for running tasks, ms. */
  shutdownGraceMs: number;
  /** How late a pending task may be before listings call it overdue, ms. */
  overdueToleranceMs: number;
  /** A task's timeout when its template sets none, ms (12 hours). */
  defaultTimeoutMs: number;
}

const DEFAULTS: SchedulerSettings = {
  pollIntervalMs: 1000,
  concurrency: 10,
  batchSize: 100,
  leaseMs: 60_000,
  shutdownGraceMs: 10_000,
  overdueToleranceMs: 5_000,
  defaultTimeoutMs: 12 * 3600_000,
};

/** Keys of `settings.scheduler` and the field each sets (values in app.yaml are seconds or counts). */
const KEYS: Record<string, [keyof SchedulerSettings, number]> = {
  pollInterval: ['pollIntervalMs', 1000],
  concurrency: ['concurrency', 1],
  batchSize: ['batchSize', 1],
  leaseSeconds: ['leaseMs', 1000],
  shutdownGraceSeconds: ['shutdownGraceMs', 1000],
  overdueToleranceSeconds: ['overdueToleranceMs', 1000],
  defaultTimeoutSeconds: ['defaultTimeoutMs', 1000],
};

/** Reads `settings.scheduler` (pollInterval in seconds); unknown keys and bad values are CONFIG_INVALID. */
export function readSchedulerSettings(raw: unknown): SchedulerSettings {
  const settings = { ...DEFAULTS };
  if (raw === undefined || raw === null) return settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new JitError('CONFIG_INVALID', 'settings.scheduler must be a mapping');
  for (const [key, value] of Object.entries(raw)) {
    const target = KEYS[key];
    if (!target) throw new JitError('CONFIG_INVALID', `settings.scheduler.${key}: unknown key (known: ${Object.keys(KEYS).join(', ')})`);
    // A "{{PLACEHOLDER}}" fills in as a string: numeric strings count as numbers.
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !(n > 0) || !Number.isFinite(n)) throw new JitError('CONFIG_INVALID', `settings.scheduler.${key}: must be a positive number, got ${JSON.stringify(value)}`);
    settings[target[0]] = target[1] === 1 ? Math.floor(n) : Math.round(n * target[1]);
  }
  return settings;
}
