import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { ownPackage } from './ownPackage';

/** `Module._resolveFilename`: the one place every CommonJS `require` and `require.resolve` passes. */
type ResolveFilename = (
  this: unknown,
  request: string,
  parent: NodeJS.Module | null | undefined,
  isMain: boolean,
  options?: unknown,
) => string;

/** The files that are element code: element modules and the app files they require. */
const elementFiles = new Set<string>();

/** The running package's files for the requests that name it, found on first use. */
let ownFiles: Map<string, string> | undefined;

let installed = false;

/**
 * Marks `file` as element code: from now on its `require('jittask')` (and
 * `require('jittask/package.json')`, and `import … from 'jittask'` once compiled) is the running
 * jittask, as JitAi's runtime hands element code its framework. Without this, Node looks in the
 * app's own `node_modules`: an app outside the package's folder tree finds nothing, and an app with
 * an install of its own gets a second copy, whose classes and errors the running one does not know.
 *
 * Only element code is redirected: other code of the process keeps Node's resolution. A file that
 * element code requires from outside any `node_modules` (a helper of the app) is element code too;
 * packages it requires are not. Under Jest, which resolves modules itself (and maps `jittask` to
 * the sources), the hook is never consulted.
 */
export function markElementCode(file: string): void {
  elementFiles.add(file);
  // Node names a module by its real path: an app reached through a symlink is still recognised.
  const real = fs.realpathSync(file);
  elementFiles.add(real);
  install();
}

/** Wraps `Module._resolveFilename`, once per process. */
function install(): void {
  if (installed) return;
  installed = true;
  // Not in Node's types, but public in practice: the hook that require-time tools have long used.
  const loader = Module as unknown as { _resolveFilename?: ResolveFilename };
  const original = loader._resolveFilename;
  if (typeof original !== 'function') return;
  loader._resolveFilename = function resolveForElementCode(request, parent, isMain, options) {
    const fromElement = typeof parent?.filename === 'string' && elementFiles.has(parent.filename);
    if (!fromElement) return original.call(this, request, parent, isMain, options);
    const own = ownRequests().get(request);
    if (own !== undefined) return own;
    const resolved = original.call(this, request, parent, isMain, options);
    if (path.isAbsolute(resolved) && !resolved.split(path.sep).includes('node_modules')) elementFiles.add(resolved);
    return resolved;
  };
}

/**
 * `jittask` is the entry of the code running now (dist/index.js of a build, src/index.ts when the
 * sources run), not whatever `main` says: that is the copy whose classes the runtime checks.
 */
function ownRequests(): Map<string, string> {
  ownFiles ??= new Map([
    [ownPackage.name, require.resolve(path.join(__dirname, '..', 'index'))],
    [`${ownPackage.name}/package.json`, path.join(ownPackage.dir, 'package.json')],
  ]);
  return ownFiles;
}
