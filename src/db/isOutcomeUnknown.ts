import { JitError } from '../errors/JitError';

/**
 * True for a `DATABASE_ERROR` of a write whose transaction may have been committed although it
 * failed: the connection was lost while COMMIT was under way, so the answer never came. Only the
 * database can tell what happened; writing the same thing again could write it twice.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  return JitError.is(err, 'DATABASE_ERROR') && err.details.outcome === 'unknown';
}
