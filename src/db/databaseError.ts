import { types } from 'node:util';
import { JitError } from '../errors/JitError';

/**
 * A `DATABASE_ERROR` for a failure of the database itself, its message ending with the cause's, so
 * the one line a user sees says what the driver said (a locked file, a full disk, a constraint).
 * A {@link JitError} passes through unchanged: it already says what went wrong.
 */
export function databaseError(what: string, file: string, cause: unknown): JitError {
  if (cause instanceof JitError) return cause;
  // isNativeError, not instanceof: the driver's errors may come from another realm (Jest's VM).
  const reason = types.isNativeError(cause) ? cause.message : String(cause);
  return new JitError('DATABASE_ERROR', `${what}: ${reason}`, { file, cause });
}
