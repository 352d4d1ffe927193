import { taskSql } from '../sql/taskSql';
import type { StoreOperation } from './StoreOperation';
import type { TaskStore } from './TaskStore';

/** Both: a process's heartbeat, `beat` the SQL of its time (SQLite: the caller's `now`; PostgreSQL: the server's clock). */
const beatSql = (p: (n: number) => string, beat: string, running: string): string => `
  INSERT INTO jittask_workers (worker_id, host, pid, started_at, last_beat, running) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${beat}, ${running})
  ON CONFLICT (worker_id) DO UPDATE SET last_beat = excluded.last_beat, running = excluded.running`;

/** The heartbeats of the app's processes (`jittask_workers`). */
export const workerWrites: {
  heartbeat: StoreOperation<TaskStore['heartbeat']>;
  remove: StoreOperation<TaskStore['removeWorker']>;
} = {
  /** `heartbeat`: this process is alive, by the database's clock. */
  heartbeat: {
    sqlite(c) {
      const beat = c.prepare(beatSql(() => '?', '?', '?'));
      return (worker, now) =>
        c.write('record a heartbeat', () => {
          beat.run(worker.workerId, worker.host, worker.pid, worker.startedAt, now, worker.running);
        });
    },
    postgres(c) {
      const sql = beatSql((n) => `$${n}`, taskSql.serverNow, '$5');
      return (worker) =>
        c.run('record a heartbeat', async (db) => {
          await db.query(sql, [worker.workerId, worker.host, worker.pid, worker.startedAt, worker.running]);
        });
    },
  },

  /** `removeWorker`: a process that stopped. */
  remove: {
    sqlite(c) {
      const forget = c.prepare('DELETE FROM jittask_workers WHERE worker_id = ?');
      return (workerId) =>
        c.write('remove a worker', () => {
          forget.run(workerId);
        });
    },
    postgres(c) {
      return (workerId) =>
        c.run('remove a worker', async (db) => {
          await db.query('DELETE FROM jittask_workers WHERE worker_id = $1', [workerId]);
        });
    },
  },
};
