/** Why a run was stopped before its function returned. */
/** `lease lost`: this process had not renewed the run's lease for a whole lease, so another may take it over. */
export type AbortCause = 'forcedEnd' | 'timeout' | 'shutdown' | 'lease lost';

/**
 * How one run is stopped: the cause, and the `AbortSignal` its function sees as `ctx.signal`. The
 * AbortController behind the signal is made only when the function reads the signal: most never
 * do, and making one per run cost as much time as claiming the run from the database.
 */
export class RunAbort {
  private controller: AbortController | undefined;
  private abortedBy: AbortCause | undefined;

  /** The signal, already aborted (with an `Error` named by the cause) if the run was stopped. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedBy) this.controller.abort(new Error(this.abortedBy));
    }
    return this.controller.signal;
  }

  /** Why the run was stopped, or undefined while it has not been. */
  get cause(): AbortCause | undefined {
    return this.abortedBy;
  }

  /** Stops the run for `cause`; the first cause wins. */
  abort(cause: AbortCause): void {
    if (this.abortedBy) return;
    this.abortedBy = cause;
    this.controller?.abort(new Error(cause));
  }
}
