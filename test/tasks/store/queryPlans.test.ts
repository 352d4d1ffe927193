import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PgDatabase } from '../../../src/db/PgDatabase';
import { SqliteDatabase } from '../../../src/db/SqliteDatabase';
import { taskQueriesOn } from '../../../src/tasks/queries/openTaskQueries';
import type { TaskPageFilter, TaskQueries } from '../../../src/tasks/queries/TaskQueries';
import { createTaskStore } from '../../../src/tasks/store/openTaskStore';
import type { TaskStore } from '../../../src/tasks/store/TaskStore';
import { describePg } from '../../support/pg';

const T0 = Date.UTC(2024, 2, 1, 9);

/** The page filters of the dashboard's task list, each to be read from an index in its order. */
const PAGES: Record<string, Omit<TaskPageFilter, 'limit'>> = {
  'all tasks': {},
  'a deep page': { cursor: Buffer.from(JSON.stringify([T0, 5000])).toString('base64url') },
  'failed ones': { status: 'error' },
  'timed out ones': { status: 'timeout' },
  'force-ended ones': { status: 'forcedEnd' },
  'pending ones': { status: 'pending' },
  'one template': { fullName: 'tasks.T3' },
  'one row': { rowId: '42' },
  'a time range': { from: T0, to: T0 + 3_600_000 },
};

/**
 * Runs what the read model does for each page and the store for a claim, recording the statements
 * they send, so the plans checked are those of their own SQL.
 */
async function statementsOf(
  store: TaskStore,
  queries: TaskQueries,
  seen: { sql: string; params: readonly unknown[] }[],
): Promise<Record<string, { sql: string; params: readonly unknown[] }>> {
  const found: Record<string, { sql: string; params: readonly unknown[] }> = {};
  for (const [name, filter] of Object.entries(PAGES)) {
    seen.length = 0;
    await queries.page({ ...filter, limit: 50 });
    found[name] = seen.find((s) => /FROM jittask_tasks/.test(s.sql))!;
  }
  seen.length = 0;
  await store.claimDue(T0 - 1e12, 10, 'w1', 30_000); // claims nothing: the plan is what counts
  found.claim = seen.find((s) => /UPDATE jittask_tasks SET status = 'running'/.test(s.sql))!;
  seen.length = 0;
  await queries.nextDueAt();
  found['next due time'] = seen.find((s) => /jittask_tasks/.test(s.sql))!;
  return found;
}

describe('SQLite plans of the task list and the claim', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-plans-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("every page reads an index in the listing's order (no sort, no table scan); the claim looks pauses up by key", async () => {
    const db = SqliteDatabase.open(path.join(dir, 'jittask.db'));
    const seen: { sql: string; params: readonly unknown[] }[] = [];
    const prepare = db.raw.prepare.bind(db.raw);
    db.raw.prepare = ((sql: string) => {
      const statement = prepare(sql);
      // Statements are prepared once and cached: record each run, with its parameters.
      for (const verb of ['all', 'get', 'run'] as const) {
        const original = statement[verb].bind(statement) as (...p: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[verb] = (...params: unknown[]) => {
          seen.push({ sql, params });
          return original(...params);
        };
      }
      return statement;
    }) as typeof db.raw.prepare;
    const store = createTaskStore(db);
    try {
      const statements = await statementsOf(store, taskQueriesOn(db), seen);
      const plans = Object.fromEntries(
        Object.entries(statements).map(([name, { sql, params }]) => [
          name,
          (db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | '),
        ]),
      );
      for (const name of Object.keys(PAGES)) {
        expect([name, plans[name]]).not.toEqual([name, expect.stringMatching(/TEMP B-TREE|SCAN jittask_tasks$|SCAN jittask_tasks \|/)]);
        expect([name, plans[name]]).toEqual([name, expect.stringMatching(/USING (COVERING )?INDEX jittask_tasks_/)]);
      }
      expect(plans['failed ones']).toMatch(/jittask_tasks_error_due/);
      expect(plans['one row']).toMatch(/jittask_tasks_row_due/);
      expect(plans.claim).toMatch(/jittask_tasks_pending_due/);
      expect(plans.claim).toMatch(/SEARCH p USING (COVERING )?INDEX sqlite_autoindex_jittask_paused_templates_1 \(full_name=\?\)/);
      expect(plans['next due time']).toMatch(/jittask_tasks_pending_due/);
      expect(plans['next due time']).not.toMatch(/TEMP B-TREE/);
    } finally {
      await store.close();
      db.close();
    }
  });
});

/** A node of PostgreSQL's JSON plan. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Join Type'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describePg('PostgreSQL plans of the task list and the claim', ({ url }) => {
  test('with 200,000 tasks analysed, every page and the claim read indexes in order: no sort, no sequential scan of the tasks', async () => {
    const db = new PgDatabase({ url });
    try {
      await db.ready();
      // Mostly completed tasks of 20 templates, a few failed, some pending, one row's tasks in 1,000.
      await db.query(`
        INSERT INTO jittask_tasks (task_id, full_name, task_type, func_name, arg_dict, due_at, status, origin, row_id, attempt, created_at)
        SELECT 't' || i, 'tasks.T' || (i % 20), 'tasks.NormalType', 'f', '{}', ${T0} + i * 1000,
          CASE WHEN i % 500 = 0 THEN 'error' WHEN i % 997 = 0 THEN 'timeout' WHEN i % 991 = 0 THEN 'forcedEnd' WHEN i > 190000 THEN 'pending' ELSE 'completed' END,
          'manual', CASE WHEN i % 1000 = 0 THEN (i / 1000)::text END, 1, ${T0}
        FROM generate_series(1, 200000) AS i`);
      await db.query('ANALYZE jittask_tasks');
      const seen: { sql: string; params: readonly unknown[] }[] = [];
      const query = db.query.bind(db);
      db.query = (<R extends object>(sql: string, params?: readonly unknown[]) => {
        seen.push({ sql, params: params ?? [] });
        return query<R>(sql, params);
      }) as typeof db.query;
      const store = createTaskStore(db);
      const statements = await statementsOf(store, taskQueriesOn(db), seen);
      db.query = query;
      const plans: Record<string, PlanNode[]> = {};
      for (const [name, { sql, params }] of Object.entries(statements)) {
        const [row] = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        plans[name] = nodesOf(row!['QUERY PLAN'][0].Plan);
        // The table of pauses is tiny: reading it whole (to hash it) is as cheap as a key lookup.
        const scans = plans[name].filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'jittask_tasks');
        expect([name, scans]).toEqual([name, []]);
      }
      for (const name of Object.keys(PAGES)) {
        const kinds = plans[name]!.map((n) => n['Node Type']);
        expect([name, kinds.includes('Sort')]).toEqual([name, false]);
        expect([name, plans[name]!.some((n) => n['Index Name']?.startsWith('jittask_tasks_'))]).toEqual([name, true]);
      }
      const indexes = (name: string): (string | undefined)[] => plans[name]!.map((n) => n['Index Name']).filter(Boolean);
      expect(indexes('failed ones')).toContain('jittask_tasks_error_due');
      expect(indexes('one row')).toContain('jittask_tasks_row_due');
      // The claim: the pending index in due order, each row checked against the pauses by key.
      expect(indexes('claim')).toEqual(expect.arrayContaining(['jittask_tasks_pending_due', 'jittask_paused_templates_pkey']));
      expect(plans.claim!.some((n) => n['Join Type'] === 'Anti')).toBe(true);
      expect(indexes('next due time')).toContain('jittask_tasks_pending_due');
      await store.close();
    } finally {
      await db.close();
    }
  });
});
