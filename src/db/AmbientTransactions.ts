import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One level of a database's transactions: outside every transaction (depth 0), the transaction
 * itself (1), or a savepoint in it (2+). `C` is what the level's statements run on.
 */
export interface TransactionLevel<C> {
  readonly depth: number;
  /** The connection of the level: the transaction's for PostgreSQL, the one connection for SQLite. */
  readonly connection: C;
  /** The level this one was opened in; null outside every transaction. */
  readonly parent: TransactionLevel<C> | null;
  /** Settles when the last work queued on this level has finished. */
  tail: Promise<void>;
  /** False once the transaction or savepoint of this level has ended. */
  open: boolean;
}

/** The level the current async call tree runs inside, per database (keyed by its {@link AmbientTransactions}). */
const scope = new AsyncLocalStorage<ReadonlyMap<object, TransactionLevel<unknown>>>();

/**
 * The transactions of one database, scoped to the async call tree that opened them
 * (AsyncLocalStorage), the one mechanism both databases use. Code running within a transaction's
 * function, however deep and whoever wrote it (a model's hook calling the task store), finds that
 * transaction as its {@link current} level: its statements join it and a nested transaction
 * becomes a savepoint of it. Work of one level takes turns ({@link turn}), since a level runs on
 * one connection.
 *
 * Outside every transaction the two databases differ, and `serialOutside` says how: SQLite has one
 * connection, so work outside waits until no transaction is open (else a write made meanwhile would
 * silently join another caller's transaction and be rolled back with it); PostgreSQL has a pool, so
 * work outside runs at once, on a connection of its own.
 *
 * A callback that started inside a transaction and outlives it (a timer set by a hook) counts as
 * being in the nearest level still open; {@link detach} puts work outside on purpose.
 */
export class AmbientTransactions<C> {
  private readonly root: TransactionLevel<C>;

  /**
   * @param outside - What statements outside every transaction run on.
   * @param serialOutside - True when work outside every transaction takes turns too (one connection).
   */
  constructor(
    outside: C,
    private readonly serialOutside: boolean,
  ) {
    this.root = { depth: 0, connection: outside, parent: null, tail: Promise.resolve(), open: true };
  }

  /**
   * Runs `fn` with the current async call tree outside every open transaction of every database:
   * for work started from inside a transaction that must not join it, such as a timer that wakes
   * the scheduler.
   */
  static detach<T>(fn: () => T): T {
    return scope.exit(fn);
  }

  /** The level outside every transaction: where a new transaction is opened regardless of the caller's. */
  outside(): TransactionLevel<C> {
    return this.root;
  }

  /** The caller's innermost open level, or the level outside every transaction. */
  current(): TransactionLevel<C> {
    let level = (scope.getStore()?.get(this) as TransactionLevel<C> | undefined) ?? this.root;
    while (!isOpen(level)) level = level.parent ?? this.root;
    return level;
  }

  /**
   * Runs `fn` on the caller's current level once the work queued there before is done (at once
   * outside every transaction of a pooled database). If the level ends while this waits (its code
   * did not wait for this call), `fn` runs where the caller now is instead.
   */
  async turn<T>(fn: (level: TransactionLevel<C>) => T | Promise<T>): Promise<T> {
    for (;;) {
      const level = this.current();
      if (level === this.root && !this.serialOutside) return fn(level);
      const release = await takeTurn(level);
      try {
        if (isOpen(level)) return await fn(level);
      } finally {
        release();
      }
    }
  }

  /**
   * Runs `fn` as code inside a new level opened in `parent` on `connection`: everything its async
   * call tree runs finds that level current. The level ends when `fn` settles. Callers open it in
   * their {@link turn} on `parent` and begin and end the transaction or savepoint around it.
   */
  async within<T>(parent: TransactionLevel<C>, connection: C, fn: () => Promise<T>): Promise<T> {
    const level: TransactionLevel<C> = { depth: parent.depth + 1, connection, parent, tail: Promise.resolve(), open: true };
    try {
      return await scope.run(new Map(scope.getStore()).set(this, level), fn);
    } finally {
      level.open = false;
    }
  }
}

/** True while `level` and every level it was opened in are open. */
function isOpen(level: TransactionLevel<unknown>): boolean {
  for (let l: TransactionLevel<unknown> | null = level; l; l = l.parent) if (!l.open) return false;
  return true;
}

/** Waits until the work queued before on `level` is done, and returns the function that ends this turn. */
async function takeTurn(level: TransactionLevel<unknown>): Promise<() => void> {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = level.tail;
  level.tail = before.then(() => done);
  await before;
  return release;
}
