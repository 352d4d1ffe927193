import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import { readAppManifest, type AppManifest } from './AppManifest';
import type { SourcePosition } from './ElementDefinition';

/**
 * The app chain (SPEC §4): the app itself, then its parents depth-first in `extends` order, each
 * app once (the first time it is reached). A cycle is an APP_CYCLE issue naming every app in it.
 */
export function resolveAppChain(rootDir: string): { chain: AppManifest[]; issues: JitIssue[] } {
  const chain: AppManifest[] = [];
  const issues: JitIssue[] = [];
  const seen = new Set<string>();

  // `via` is where the `extends` entry that led here sits, so a cycle points at the entry closing it.
  const visit = (dir: string, stack: AppManifest[], via?: SourcePosition): void => {
    const onStack = stack.findIndex((m) => m.dir === dir);
    if (onStack >= 0) {
      const names = [...stack.slice(onStack).map((m) => m.appId), stack[onStack]!.appId];
      issues.push({ code: 'APP_CYCLE', file: stack[stack.length - 1]!.file, line: via?.line, column: via?.column, path: 'extends', message: `extends cycle: ${names.join(' -> ')}` });
      return;
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    const { manifest, issues: found } = readAppManifest(dir);
    issues.push(...found);
    if (!manifest) return;
    chain.push(manifest);
    manifest.extends.forEach((entry, i) => {
      const parentDir = locateParent(entry, dir);
      const pos = manifest.parsed.locate(['extends', i]);
      if (!parentDir) {
        issues.push({ code: 'CONFIG_INVALID', file: manifest.file, line: pos?.line, column: pos?.column, path: `extends.${i}`, message: `cannot find parent app '${entry}' (no app.yaml at that path, and no installed package of that name)` });
        return;
      }
      visit(parentDir, [...stack, manifest], pos);
    });
  };

  const root = path.resolve(rootDir);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    issues.push({ code: 'CONFIG_INVALID', file: root, message: `no app folder at ${root}` });
    return { chain, issues };
  }
  visit(fs.realpathSync(root), []);
  return { chain, issues };
}

/** This package's name and root (two levels above src/runtime and dist/runtime). */
const OWN_PACKAGE = (() => {
  const dir = path.resolve(__dirname, '..', '..');
  const { name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string };
  return { name, dir: fs.realpathSync(dir) };
})();

/** A relative path to a folder with app.yaml, or an installed package's root. */
function locateParent(entry: string, fromDir: string): string | null {
  if (entry.startsWith('.') || path.isAbsolute(entry)) {
    const dir = path.resolve(fromDir, entry);
    return fs.existsSync(path.join(dir, 'app.yaml')) ? fs.realpathSync(dir) : null;
  }
  // `jittask` is the package this code runs from: the same copy, wherever the app folder lives.
  if (entry === OWN_PACKAGE.name) return OWN_PACKAGE.dir;
  try {
    const pkg = require.resolve(`${entry}/package.json`, { paths: [fromDir] });
    const dir = path.dirname(pkg);
    return fs.existsSync(path.join(dir, 'app.yaml')) ? fs.realpathSync(dir) : null;
  } catch {
    return null;
  }
}
