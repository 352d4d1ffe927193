/**
 * How many due tasks one claim takes. At most `batchSize`; after a claim that timed out in the
 * database (PostgreSQL's `statement_timeout`), half as many as that claim asked for, down to 1,
 * since a claim's cost grows with the rows it takes: a batch that never shrank would time out
 * again and again, and nothing would run. Each full claim that succeeds grows it back by one
 * (halve on failure, grow slowly on success). The first shrinking is logged once, and again only
 * after the batch has grown back to `batchSize`.
 */
export class ClaimBatch {
  private limit: number;
  private logged = false;

  constructor(
    private readonly batchSize: number,
    /** Where the first shrinking is reported (the engine passes its app's logger). */
    private readonly log: (message: string) => void,
  ) {
    this.limit = batchSize;
  }

  /** The size of the next claim, with `free` slots. */
  size(free: number): number {
    return Math.min(this.limit, free);
  }

  /** A claim of `asked` tasks came back with `claimed`: a full claim at the current size grows it by one. */
  succeeded(asked: number, claimed: number): void {
    if (asked !== this.limit || claimed < asked || this.limit >= this.batchSize) return;
    this.limit++;
    if (this.limit === this.batchSize) this.logged = false;
  }

  /**
   * A claim of `asked` tasks failed with `err`. True when it timed out and the batch shrank (the
   * pass may claim again at once); false for any other failure, or when the batch is 1 already.
   */
  failed(asked: number, err: unknown): boolean {
    if (!timedOut(err)) return false;
    const before = this.limit;
    this.limit = Math.max(1, Math.min(this.limit, Math.floor(asked / 2)));
    if (!this.logged) {
      this.logged = true;
      this.log(
        `a claim of ${asked} due tasks timed out (statement_timeout): claiming at most ${this.limit} per pass, ` +
          `halved after each timeout and grown back by one after each full claim, up to batchSize ${this.batchSize}`,
      );
    }
    return this.limit < before;
  }
}

/** Whether `err` (or an error it was caused by) is PostgreSQL's "canceling statement due to statement timeout" (57014). */
function timedOut(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    if ((e as { code?: unknown }).code === '57014') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
