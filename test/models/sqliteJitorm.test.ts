import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadApp } from 'jittask';
import { jitormContract } from './jitormContract';
import { tempDataDir } from './writeModelApp';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
});

describe('JitORM model functions on SQLite (databases.SqliteType)', () => {
  jitormContract({
    load: (dir) => loadApp(dir, { dataDir }),
    countRows: async (table) => {
      const file = path.join(dataDir, 'databases', 'Default', 'data.db');
      if (!fs.existsSync(file)) return null;
      const db = new Database(file, { readonly: true });
      try {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
        return exists ? (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n : null;
      } finally {
        db.close();
      }
    },
  });
});
