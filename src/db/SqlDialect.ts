/**
 * The SQL dialects jittask writes: every migration carries SQL for each of them, and task stores
 * and model tables are chosen by the dialect of their database.
 */
export type SqlDialect = 'sqlite' | 'postgres';
