import { storableText } from './storableJson';

/**
 * Why the database refused a write for good, or null when sending it again may succeed. "For
 * good" is what the database says of the data itself: PostgreSQL's data exceptions (class 22, e.g.
 * text it cannot hold), integrity violations (class 23: a check, a not-null column) and program
 * limits (class 54: a value too large), SQLite's constraint, too-big and mismatch errors. Not a
 * unique or exclusion conflict (a concurrent write may have caused it, and the next try sees that
 * write), and nothing else: a lost connection, a timeout, a lock or a full disk may pass. The
 * answer is the driver's own message, found along the error's causes.
 */
export function refusedForGood(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && isPermanent(code)) return storableText(typeof message === 'string' ? message : code);
    e = cause;
  }
  return null;
}

function isPermanent(code: string): boolean {
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
    return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH';
  }
  // A PostgreSQL SQLSTATE: five characters, its class the first two.
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;
  if (code === '23505' || code === '23P01') return false;
  return code.startsWith('22') || code.startsWith('23') || code.startsWith('54');
}
