import { notifyDue } from './dueNotices';
import type { StoreOperation } from './StoreOperation';
import type { TaskStore } from './TaskStore';

/** Both: pause template $1 at $2, unless it is paused already. */
const pause = (p: (n: number) => string): string =>
  `INSERT INTO jittask_paused_templates (full_name, paused_at) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (full_name) DO NOTHING`;

/** Both: record the fingerprint of template $1 as $2 at $3. */
const fingerprint = (p: (n: number) => string): string => `
  INSERT INTO jittask_template_state (full_name, fingerprint, updated_at) VALUES (${p(1)}, ${p(2)}, ${p(3)})
  ON CONFLICT (full_name) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`;

const sqliteParam = (): string => '?';
const pgParam = (n: number): string => `$${n}`;

/**
 * The writes of the state of templates, shared by every process of the database: pauses, and the
 * fingerprints date-field templates were last brought in line with. SQLite prepares them on first
 * use (the tables of older schemas may lack them until migrated).
 */
export const templateWrites: {
  pause: StoreOperation<TaskStore['pauseTemplate']>;
  resume: StoreOperation<TaskStore['resumeTemplate']>;
  fingerprint: StoreOperation<TaskStore['setTemplateFingerprint']>;
} = {
  /** `pauseTemplate`: false if the template was paused already. */
  pause: {
    sqlite(c) {
      return (fullName, now) => c.write('pause a template', () => c.prepare(pause(sqliteParam)).run(fullName, now).changes > 0);
    },
    postgres(c) {
      return (fullName, now) =>
        c.run('pause a template', async (db) => (await db.query(`${pause(pgParam)} RETURNING 1`, [fullName, now])).length > 0);
    },
  },

  /**
   * `resumeTemplate`: false if the template was not paused. Its waiting tasks are due again:
   * PostgreSQL wakes other processes' schedulers (NOTIFY) for its earliest pending task.
   */
  resume: {
    sqlite(c) {
      return (fullName) =>
        c.write('resume a template', () => c.prepare('DELETE FROM jittask_paused_templates WHERE full_name = ?').run(fullName).changes > 0);
    },
    postgres(c) {
      return (fullName) =>
        c.transaction('resume a template', async (tx) => {
          const removed = await tx.query('DELETE FROM jittask_paused_templates WHERE full_name = $1 RETURNING 1', [fullName]);
          if (removed.length === 0) return false;
          const [row] = await tx.query<{ due_at: string | null }>(
            "SELECT MIN(due_at) AS due_at FROM jittask_tasks WHERE status = 'pending' AND full_name = $1",
            [fullName],
          );
          if (row?.due_at != null) await notifyDue(tx, Number(row.due_at));
          return true;
        });
    },
  },

  /** `setTemplateFingerprint`: records it, or forgets it (null). */
  fingerprint: {
    sqlite(c) {
      return (fullName, value, now) =>
        c.write('record a template fingerprint', () => {
          if (value === null) c.prepare('DELETE FROM jittask_template_state WHERE full_name = ?').run(fullName);
          else c.prepare(fingerprint(sqliteParam)).run(fullName, value, now);
        });
    },
    postgres(c) {
      return (fullName, value, now) =>
        c.run('record a template fingerprint', async (db) => {
          if (value === null) await db.query('DELETE FROM jittask_template_state WHERE full_name = $1', [fullName]);
          else await db.query(fingerprint(pgParam), [fullName, value, now]);
        });
    },
  },
};
