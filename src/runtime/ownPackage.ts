import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The running jittask package: its name and its real root folder (two levels above src/runtime
 * and dist/runtime, so the same whether the sources or the build run).
 */
export const ownPackage: { readonly name: string; readonly dir: string } = (() => {
  const dir = path.resolve(__dirname, '..', '..');
  const { name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string };
  return { name, dir: fs.realpathSync(dir) };
})();
