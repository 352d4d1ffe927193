import type { TemplateSettings } from './TemplateSettings';

/**
 * The longest wait between two attempts of a task, ms (seven days). The doubling stops there, so
 * that a due time computed from it stays finite however many attempts a template allows.
 */
export const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

/**
 * How long to wait after attempt `attempt` (1 for the first run) failed before the next one: the
 * template's backoff doubled per failed attempt, capped at {@link MAX_RETRY_DELAY_MS}, in whole
 * milliseconds. A value the schema would refuse still gives a finite delay, never NaN or Infinity.
 */
export function retryDelayMs(retry: NonNullable<TemplateSettings['retry']>, attempt: number): number {
  // Not a positive number (0 included): retry at once.
  if (!(retry.backoffMs > 0)) return 0;
  // A doubling that overflows to Infinity ends at the cap like any other long one.
  return Math.round(Math.min(retry.backoffMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
}
