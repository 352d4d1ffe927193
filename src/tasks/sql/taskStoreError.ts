import { databaseError } from '../../db/databaseError';
import type { JitError } from '../../errors/JitError';

/**
 * A failure of a task read or write as `DATABASE_ERROR`, naming what it was doing and the database
 * (its file or URL), its message ending with the driver's. A JitError passes through.
 */
export function taskStoreError(action: string, database: string, cause: unknown): JitError {
  return databaseError(`Task store could not ${action} in ${database}`, database, cause);
}
