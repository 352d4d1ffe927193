import type { TaskRow } from '../TaskRecord';
import type { FinishRequest, LateResult } from './TaskStore';

/** How a store writes a late result: see {@link planLateResult}. */
export type LatePlan =
  | { write: 'none'; result: Extract<LateResult, 'recorded'> }
  | { write: 'outcome'; result: Extract<LateResult, 'outcome'>; next: boolean }
  | { write: 'history'; result: Extract<LateResult, 'history'> };

/**
 * The one rule of late results, for both stores. `row` is the task as stored now (null: gone).
 *
 * The run's claim id is kept on the row after it ends, and only this run's owner or a reaper that
 * took the task from it write a task that still carries it. So a row with this claim that ended
 * `error` at this attempt was reaped (the owner would have written its own outcome); one back to
 * pending at the next attempt was reaped for a retry that has not started. The late result then
 * becomes the outcome: of a reaped run whatever it is, of a retry only when it succeeded (a failure
 * leaves the retry to run, as the owner would have done itself). A row already showing exactly
 * this outcome (status, result and error message) at this attempt got it from the owner's own
 * end, whose answer alone was lost.
 */
export function planLateResult(row: TaskRow | null, request: FinishRequest): LatePlan {
  const { token, outcome } = request;
  if (!row || row.claimId !== token.claimId) return { write: 'history', result: 'history' };
  if (row.attempt === token.attempt && isStored(row, request)) return { write: 'none', result: 'recorded' };
  if (row.attempt === token.attempt && row.status === 'error') return { write: 'outcome', result: 'outcome', next: false };
  if (row.attempt === token.attempt + 1 && row.status === 'pending' && outcome.status === 'completed') {
    return { write: 'outcome', result: 'outcome', next: true };
  }
  return { write: 'history', result: 'history' };
}

/** The history message of a late result. */
export function lateMessage(request: FinishRequest, result: LateResult): string {
  const how = result === 'outcome' ? 'became the outcome' : 'kept in the history only';
  const detail = request.outcome.error?.message ? `: ${request.outcome.error.message}` : '';
  return `late result of attempt ${request.token.attempt} (${request.outcome.status}${detail}) ${how}`;
}

/** Whether `row` holds exactly the outcome of `request`: the owner's own end was written. */
function isStored(row: TaskRow, request: FinishRequest): boolean {
  const { outcome } = request;
  return (
    row.status === outcome.status &&
    JSON.stringify(row.result) === JSON.stringify(outcome.result ?? null) &&
    (row.error?.message ?? null) === (outcome.error?.message ?? null)
  );
}
