import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';

const wrappers = new Map<string, string>();

/**
 * An app that extends the app in `dir` and moves it to PostgreSQL the way the README says:
 * `databases.Default` overridden with `type: databases.PgSqlType` and `config: { url: "{{DATABASE_URL}}" }`.
 * Load it with `env: { ...process.env, DATABASE_URL }`. One folder per `dir`, written once.
 */
export function onPostgres(dir: string): string {
  let wrapper = wrappers.get(dir);
  if (!wrapper) {
    wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-pg-app-'));
    fs.writeFileSync(
      path.join(wrapper, 'app.yaml'),
      stringify({ appId: 'test.OnPostgres', title: `${path.basename(dir)} on PostgreSQL`, extends: [dir] }),
    );
    const element = path.join(wrapper, 'elements', 'databases', 'Default');
    fs.mkdirSync(element, { recursive: true });
    fs.writeFileSync(
      path.join(element, 'e.yaml'),
      stringify({ title: 'PostgreSQL', type: 'databases.PgSqlType', config: { url: '{{DATABASE_URL}}' } }),
    );
    wrappers.set(dir, wrapper);
  }
  return wrapper;
}

/** Runs one statement on the database at `url` over a connection of its own, outside jittask, and returns its rows. */
export async function queryPg<R extends object>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R & pg.QueryResultRow>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
