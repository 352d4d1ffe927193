import { loadApp } from 'jittask';
import { describePg, runSql } from '../support/pg';
import { jitormContract } from './jitormContract';
import { onPostgres, queryPg } from './onPostgres';
import { tempDataDir } from './writeModelApp';

describePg('JitORM model functions on PostgreSQL (databases.PgSqlType)', ({ url }) => {
  beforeEach(async () => {
    await runSql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });

  jitormContract({
    load: (dir) => loadApp(onPostgres(dir), { env: { ...process.env, DATABASE_URL: url }, dataDir: tempDataDir() }),
    countRows: async (table) => {
      const [exists] = await queryPg(url, 'SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1', [table]);
      if (!exists) return null;
      const [row] = await queryPg<{ n: string }>(url, `SELECT COUNT(*) AS n FROM "${table}"`);
      return Number(row!.n);
    },
  });
});
