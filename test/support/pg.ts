import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the PostgreSQL suites use: `JITTASK_PG_URL`, or a local one with trust auth. */
export const PG_URL = process.env.JITTASK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a PostgreSQL suite gets: databases of its own on the server of {@link PG_URL}. */
export interface PgTestDatabases {
  /** The suite's database, created before its tests and dropped after them. */
  url: string;
  /** Creates one more empty database (dropped with the suite's) and returns its URL. */
  create(): Promise<string>;
}

let reachability: string | null | undefined;
let warned = false;

/**
 * Declares a suite that needs PostgreSQL, with a fresh database for it. When the server cannot be
 * reached the suite is skipped with a warning (once per test file), or fails if
 * `JITTASK_REQUIRE_PG=1` (as in CI), so a missing server never passes for green there.
 */
export function describePg(title: string, body: (databases: PgTestDatabases) => void): void {
  const problem = unreachableBecause();
  if (problem !== null) {
    if (process.env.JITTASK_REQUIRE_PG === '1') {
      describe(title, () => {
        test('PostgreSQL is reachable (JITTASK_REQUIRE_PG=1)', () => {
          throw new Error(`PostgreSQL at ${PG_URL} is unreachable: ${problem}`);
        });
      });
      return;
    }
    if (!warned) {
      warned = true;
      // Straight to stderr: Jest drops the console output of a file whose tests were all skipped.
      process.stderr.write(
        `PostgreSQL at ${PG_URL} is unreachable (${problem}): skipping its suites. Set JITTASK_PG_URL, or JITTASK_REQUIRE_PG=1 to fail instead.\n`,
      );
    }
    describe.skip(title, () => body({ url: PG_URL, create: () => Promise.reject(new Error('skipped')) }));
    return;
  }

  describe(title, () => {
    const created: string[] = [];
    const create = async (): Promise<string> => {
      const name = `jittask_test_${randomBytes(6).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      return databaseUrl(name);
    };
    const suiteName = `jittask_test_${randomBytes(6).toString('hex')}`;
    beforeAll(async () => {
      await admin(`CREATE DATABASE ${suiteName}`);
      created.push(suiteName);
    });
    afterAll(async () => {
      // FORCE: a connection a failed test left open must not keep the database alive.
      for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    body({ url: databaseUrl(suiteName), create });
  });
}

/** Null when the server answers, else why not. Asked once per test file, synchronously, because
 *  Jest collects tests synchronously and the answer decides between `describe` and `describe.skip`. */
function unreachableBecause(): string | null {
  if (reachability !== undefined) return reachability;
  const probe = `
    const { Client } = require(process.argv[1]);
    const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end()).then(
      () => process.exit(0),
      (err) => { process.stderr.write(err.message || String(err)); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', probe, require.resolve('pg'), PG_URL], { encoding: 'utf8', timeout: 10_000 });
  reachability = run.status === 0 ? null : run.stderr.trim() || run.error?.message || `probe exited with ${String(run.status)}`;
  return reachability;
}

/** The URL of database `name` on the server of {@link PG_URL}. */
function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `sql` on a connection of its own to the database at `url`, outside jittask's code. */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function admin(sql: string): Promise<void> {
  return runSql(PG_URL, sql);
}
