import { AsyncLocalStorage } from 'node:async_hooks';

/** Set within {@link ReservedConnections.run}'s call tree. */
const scope = new AsyncLocalStorage<true>();

/**
 * Connections a database keeps apart for the scheduler's own statements (claims, lease renewals,
 * heartbeats, ends of runs, reaping), so that other work filling its pool (task code's queries)
 * cannot hold them up past a lease. Statements made within {@link run}'s function, its whole async
 * call tree, outside every transaction go to those connections; inside an open transaction they
 * join it as any statement does. PostgreSQL keeps a small pool of its own for them (see
 * `PgDatabase`); SQLite has one connection and nothing to reserve, so there this changes nothing.
 */
export class ReservedConnections {
  /** Runs `fn` with its statements outside transactions on the reserved connections, in every database. */
  static run<T>(fn: () => T): T {
    return scope.run(true, fn);
  }

  /** True within {@link run}'s call tree: what a database asks to choose its connections. */
  static active(): boolean {
    return scope.getStore() === true;
  }

  /**
   * `target` with every method call run through {@link run}: what the scheduler writes its own
   * statements through. Only for methods whose work ends with their promise: a callback that one
   * keeps (a listener) would run everything it starts later on the reserved connections too.
   */
  static view<T extends object>(target: T): T {
    return new Proxy(target, {
      get(object, key) {
        // Read at each call, not once: a method replaced on the object (a test's spy) is the one called.
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => ReservedConnections.run(() => (value as (...a: unknown[]) => unknown).apply(object, args));
      },
    });
  }
}
