/** What runs SQL: the database itself, or the one connection of a transaction. */
export interface PgQueryable {
  /** Runs one statement (or, without `params`, several separated by `;`) and returns its rows. */
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Runs `fn` in a new transaction on one connection: what migrations run in. */
export type PgTransaction = <T>(fn: (tx: PgQueryable) => Promise<T>) => Promise<T>;
