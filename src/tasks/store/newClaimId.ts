import { randomBytes } from 'node:crypto';

/**
 * A fresh claim id, one per claim (a batch of tasks): with the attempt it is a run's fencing
 * token. Random rather than counted, so two stores of one worker id (tests, restarts) never
 * repeat one.
 */
export function newClaimId(): string {
  return randomBytes(9).toString('base64url');
}
