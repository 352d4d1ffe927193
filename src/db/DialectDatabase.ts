import type { PgDatabase } from './PgDatabase';
import type { SqliteDatabase } from './SqliteDatabase';

/**
 * An open database with its dialect, so code above `src/db` (task stores, model tables) can pick
 * its implementation by a tag the compiler checks instead of by the class of an element.
 */
export type DialectDatabase =
  | { dialect: 'sqlite'; database: SqliteDatabase }
  | { dialect: 'postgres'; database: PgDatabase };
