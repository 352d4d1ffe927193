import { JitError } from '../../errors/JitError';
import type { TaskCursorKey } from '../sql/taskFilterClause';

/**
 * The opaque cursor of key-based paging: a key, not an offset, so the next page is read from the
 * index where the last one ended however deep it is, and tasks written meanwhile neither repeat
 * nor hide rows. Callers only hand it back; its layout may change.
 */
export const taskCursor = {
  encode(key: TaskCursorKey): string {
    return Buffer.from(JSON.stringify([key.dueAt, key.seq])).toString('base64url');
  },

  /** @throws JitError `API_PARAMS_ERROR` naming `cursor` when it is not one {@link encode} made. */
  decode(cursor: string): TaskCursorKey {
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      key = null;
    }
    if (!Array.isArray(key) || key.length !== 2 || !key.every((n) => Number.isSafeInteger(n))) {
      throw new JitError('API_PARAMS_ERROR', 'listTasks: cursor is not a cursor of this task list', { details: { argument: 'cursor' } });
    }
    return { dueAt: key[0] as number, seq: key[1] as number };
  },
};
