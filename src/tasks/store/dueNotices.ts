import type { PgDatabase, PgQueryable } from '../../db/PgDatabase';

/** The channel PostgreSQL's writes notify when they leave tasks pending. */
const DUE_CHANNEL = 'jittask_tasks';

/**
 * Tells listeners, on commit, that a task is pending from `dueAt` (PostgreSQL: `NOTIFY
 * jittask_tasks, '<dueAt>'`, delivered when the transaction commits, dropped if it rolls back).
 * Every write that leaves a task pending sends it; SQLite has no other process to tell that
 * would not poll the same file.
 */
export async function notifyDue(tx: PgQueryable, dueAt: number): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [DUE_CHANNEL, String(dueAt)]);
}

/**
 * The listeners of one PostgreSQL store: how another process's scheduler wakes up for the tasks
 * this one writes.
 */
export class DueListeners {
  private readonly listeners = new Set<() => Promise<void>>();

  /** `nextDueAt` reads the earliest due time of a task not paused (the read model's). */
  constructor(
    private readonly db: PgDatabase,
    private readonly nextDueAt: () => Promise<number | null>,
  ) {}

  /**
   * Calls `onDue` with the earliest due time of the pending tasks each committed write added,
   * from any process sharing the database, so a scheduler sleeping until a later time can wake up
   * sooner. Listens on a connection of its own; when it drops, it is opened again with backoff
   * (0.1 s doubling to 5 s), and `onDue` then gets the current next due time, because what was
   * written meanwhile went unheard. `onDue` must not throw. Wake-ups are hints, not a queue: a
   * scheduler still polls, and notifications may arrive for tasks already claimed.
   *
   * @returns A function that stops listening; {@link close} stops every listener.
   * @throws JitError `DATABASE_ERROR` when the first connection fails.
   */
  async listen(onDue: (dueAt: number) => void): Promise<() => Promise<void>> {
    const onNotify = (payload: string): void => {
      const dueAt = Number(payload);
      if (payload !== '' && Number.isSafeInteger(dueAt)) onDue(dueAt);
    };
    const onReconnect = (): void => {
      // A failed read is dropped: the scheduler's own polling finds the tasks all the same.
      this.nextDueAt().then(
        (dueAt) => {
          if (dueAt !== null) onDue(dueAt);
        },
        () => {},
      );
    };
    const stop = await this.db.listen(DUE_CHANNEL, onNotify, onReconnect);
    const unlisten = async (): Promise<void> => {
      this.listeners.delete(unlisten);
      await stop();
    };
    this.listeners.add(unlisten);
    return unlisten;
  }

  /** Stops every listener; the database stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((unlisten) => unlisten()));
  }
}
