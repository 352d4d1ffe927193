import { JitError } from '../errors/JitError';

/**
 * A `DATABASE_ERROR` for a failure of the database itself, its message ending with the cause's, so
 * the one line a user sees says what the driver said (a locked file, a full disk, a constraint).
 * A {@link JitError} passes through unchanged: it already says what went wrong.
 */
export function databaseError(what: string, file: string, cause: unknown): JitError {
  if (cause instanceof JitError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new JitError('DATABASE_ERROR', `${what}: ${reason}`, { file, cause });
}
