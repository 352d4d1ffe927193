/**
 * A change of one row of a model: the model, the row after the write (null after a delete) and
 * before it (null after a create).
 */
export interface RowChange {
  model: string;
  postData: Record<string, unknown> | null;
  prevData: Record<string, unknown> | null;
}

/** A subscriber to row changes; it runs inside the write's transaction, so throwing rolls the write back. */
export type RowHook = (change: RowChange) => void | Promise<void>;

/**
 * The app's subscribers to row changes. Models publish every write here (from `afterSave` and
 * `afterDelete`) and whatever keeps state in step with rows subscribes (the task service's
 * date-field sync), so models need not know who listens.
 */
export class RowHooks {
  private readonly hooks: RowHook[] = [];

  /** Subscribes `hook`; returns the function that unsubscribes it. */
  add(hook: RowHook): () => void {
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /** Calls every hook in the order they were added, each awaited before the next; the first that throws stops the rest. */
  async run(change: RowChange): Promise<void> {
    for (const hook of [...this.hooks]) await hook(change);
  }
}
