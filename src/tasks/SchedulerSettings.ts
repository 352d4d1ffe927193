import { settingNumber } from '../runtime/settingNumber';

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

/** Keys of `settings.scheduler`, the field each sets and its factor to ms (values in app.yaml are seconds or counts). */
const KEYS: Record<string, [keyof SchedulerSettings, number]> = {
  pollInterval: ['pollIntervalMs', 1000],
  concurrency: ['concurrency', 1],
  batchSize: ['batchSize', 1],
  leaseSeconds: ['leaseMs', 1000],
  shutdownGraceSeconds: ['shutdownGraceMs', 1000],
  overdueToleranceSeconds: ['overdueToleranceMs', 1000],
  defaultTimeoutSeconds: ['defaultTimeoutMs', 1000],
};

/**
 * Reads `settings.scheduler` into milliseconds and counts. The loader has checked every key and
 * bound already (the runtime's settings check), so this only converts; keys it does not set keep
 * their defaults.
 */
export function readSchedulerSettings(raw: unknown): SchedulerSettings {
  const settings = { ...DEFAULTS };
  if (typeof raw !== 'object' || raw === null) return settings;
  for (const [key, [field, factor]] of Object.entries(KEYS)) {
    const n = settingNumber((raw as Record<string, unknown>)[key]);
    if (n !== undefined) settings[field] = Math.round(n * factor);
  }
  return settings;
}
