import { migrations, type Migration } from '../../src/db/migrations';

const [first] = migrations;
if (!first) throw new Error('jittask has no migrations');

/** jittask's first schema step, as an older release shipped it alone. */
export const firstStep: Migration = first;

/** A later schema step, as a future jittask release would add one. Fails if applied twice. */
export const addPriority: Migration = {
  version: first.version + 1,
  name: 'task priority',
  sql: {
    sqlite: 'ALTER TABLE jittask_tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0; CREATE TABLE jittask_test_extra (x INTEGER)',
    postgres: 'ALTER TABLE jittask_tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0; CREATE TABLE jittask_test_extra (x INTEGER)',
  },
};

/** A step that fails half-way: its first statement works, its second names a missing table. */
export const brokenStep: Migration = {
  version: first.version + 1,
  name: 'broken step',
  sql: {
    sqlite: 'CREATE TABLE jittask_half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)',
    postgres: 'CREATE TABLE jittask_half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)',
  },
};
