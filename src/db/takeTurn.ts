/** Something work queues on: `tail` settles when the last work queued on it has finished. */
export interface TurnQueue {
  tail: Promise<void>;
}

/**
 * Waits until the work queued before on `queue` is done, and returns the function that ends this
 * turn. Both databases use it: SQLite's writers outside a model transaction, PostgreSQL's
 * statements within one transaction.
 */
export async function takeTurn(queue: TurnQueue): Promise<() => void> {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = queue.tail;
  queue.tail = before.then(() => done);
  await before;
  return release;
}
