import { isOutcomeUnknown } from '../../db/isOutcomeUnknown';

/** A request waiting for its group, with how to answer its caller. */
interface Waiting<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes the requests made in the same turn of the event loop, and those made while
 * a group is being written, as one group (`writeMany`, one transaction), since one commit per
 * request bounds how fast concurrent callers can go. Each caller gets its own result. When a
 * group's write fails, each of its requests is written on its own, so one bad request fails only
 * its own caller, with its own error; unless the failure left the outcome unknown (the answer to
 * COMMIT was lost: see `isOutcomeUnknown`), since the group may have been written: then every
 * caller gets that error and asks the database what it holds (writes of runs are fenced by their
 * tokens, created tasks are looked up by their ids).
 */
export class GroupWriter<Request, Result> {
  private waiting: Array<Waiting<Request, Result>> = [];
  private writing = false;

  /**
   * `writeMany` writes all requests in one transaction (all or nothing), results in their order.
   * With `overlap`, a group does not wait for the one being written: each turn of the event loop
   * starts its own (the database may run them side by side on several connections).
   */
  constructor(
    private readonly writeMany: (requests: Request[]) => Promise<Result[]>,
    private readonly overlap = false,
  ) {}

  /** Writes `request` with the others that arrive with it. */
  write(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.waiting.length === 1 && (this.overlap || !this.writing)) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0);
    if (this.overlap) return this.writeGroup(group);
    this.writing = true;
    try {
      await this.writeGroup(group);
    } finally {
      this.writing = false;
      // What arrived meanwhile is the next group, written at once: it has waited a whole write.
      if (this.waiting.length > 0) void this.flush();
    }
  }

  private async writeGroup(group: Array<Waiting<Request, Result>>): Promise<void> {
    try {
      const results = await this.writeMany(group.map((g) => g.request));
      group.forEach((g, i) => g.resolve(results[i]!));
    } catch (err) {
      if (isOutcomeUnknown(err)) {
        for (const g of group) g.reject(err);
        return;
      }
      await Promise.all(
        group.map(async (g) => {
          try {
            const [result] = await this.writeMany([g.request]);
            g.resolve(result!);
          } catch (alone) {
            g.reject(alone);
          }
        }),
      );
    }
  }
}
