import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadApp, type ServiceElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

const repoRoot = path.resolve(__dirname, '../..');
const hostDir = fixtureDir('ts-host');

interface QuoteSvc extends ServiceElement {
  quote(sku: string, qty: number | string): Promise<number>;
}

describe('a host app written in TypeScript, with @inject between two services', () => {
  test('runs under Jest: QuoteSvc receives the one PriceSvc of the app', async () => {
    const app = await loadApp(hostDir);
    try {
      const quotes = app.getElement<QuoteSvc>('services.QuoteSvc');
      await expect(quotes.quote('pear', '3')).resolves.toBe(12);
      expect((quotes as unknown as { prices: unknown }).prices).toBe(app.getElement('services.PriceSvc'));
    } finally {
      await app.close();
    }
  });

  test('runs under plain Node from the built package, compiling its .ts modules on the fly', () => {
    ensureBuilt();
    const script = `
      const { loadApp } = require(${JSON.stringify(path.join(repoRoot, 'dist', 'index.js'))});
      (async () => {
        const app = await loadApp(${JSON.stringify(hostDir)});
        const total = await app.getElement('services.QuoteSvc').quote('apple', 4);
        console.log(JSON.stringify({ total, chain: app.chain.map((a) => a.appId) }));
        await app.close();
      })().catch((err) => { console.error(err); process.exit(1); });
    `;
    // Plain Node, not a Jest worker: the runtime registers its own .ts loader only outside Jest.
    const env = { ...process.env };
    delete env.JEST_WORKER_ID;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: hostDir, env, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ total: 10, chain: ['test.TsHost', 'jittask.Core'] });
  }, 120_000); // includes building dist/ when it is stale
});

/** Builds dist/ (npm run build) when it is missing or older than any source file. */
function ensureBuilt(): void {
  const built = path.join(repoRoot, 'dist', 'index.js');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (newestMtime(path.join(repoRoot, 'src')) <= builtAt) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
