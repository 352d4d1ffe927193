import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import { readAppManifest, type AppManifest, type AppReference } from './AppManifest';
import type { SourcePosition } from './ElementDefinition';
import { fillPlaceholders } from './fillPlaceholders';
import { findAppById, type AppSearchPlaces } from './findAppById';
import { findManifestFile } from './findManifestFile';
import { ownPackage } from './ownPackage';
import { semver } from './semver';

/**
 * The app chain: the app itself, then its parents depth-first in `extends` order, each
 * app once (the first time it is reached). A cycle is an APP_CYCLE issue naming every app in it.
 * `env` (default `process.env`) gives `JITTASK_APP_PATH` and fills placeholders in
 * `settings.appPaths`.
 */
export function resolveAppChain(
  rootDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { chain: AppManifest[]; issues: JitIssue[] } {
  const chain: AppManifest[] = [];
  const issues: JitIssue[] = [];
  const seen = new Set<string>();
  const envPaths = (env.JITTASK_APP_PATH ?? '')
    .split(path.delimiter)
    .filter((p) => p !== '')
    .map((p) => path.resolve(p));

  // `via` finds where the `extends` entry that led here sits, so a cycle points at the entry
  // closing it. Positions are looked up only for a problem to report: finding one parses the file
  // again with the position-keeping parser.
  const visit = (dir: string, stack: AppManifest[], via?: () => SourcePosition | undefined): void => {
    const onStack = stack.findIndex((m) => m.dir === dir);
    if (onStack >= 0) {
      const names = [...stack.slice(onStack).map((m) => m.appId), stack[onStack]!.appId];
      const at = via?.();
      issues.push({
        code: 'APP_CYCLE',
        file: stack[stack.length - 1]!.file,
        line: at?.line,
        column: at?.column,
        path: 'extends',
        message: `extends cycle: ${names.join(' -> ')}`,
      });
      return;
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    const { manifest, issues: found } = readAppManifest(dir);
    issues.push(...found);
    if (!manifest) return;
    chain.push(manifest);
    const lineage = [...stack, manifest];
    manifest.extends.forEach((entry, i) => {
      const pos = (): SourcePosition | undefined => manifest.parsed.locate(['extends', i]);
      const located = locateParent(entry, dir, () => searchPlaces(lineage, envPaths, env, dir));
      if ('problem' in located) {
        const at = pos();
        issues.push({
          code: 'CONFIG_INVALID',
          file: manifest.file,
          line: at?.line,
          column: at?.column,
          path: `extends.${i}`,
          message: located.problem,
        });
        return;
      }
      visit(located.dir, lineage, pos);
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

/** The appId that always means the running jittask, whatever its own manifest calls it. */
const JITTASK_APP_ID = 'jittask.Core';

/** The folder of the parent app an `extends` entry names, or why there is none. */
function locateParent(entry: AppReference, fromDir: string, places: () => AppSearchPlaces): { dir: string } | { problem: string } {
  if (typeof entry !== 'string') {
    const { appId, version } = entry;
    if (appId === JITTASK_APP_ID) {
      const running = readAppManifest(ownPackage.dir).manifest?.version ?? '0.0.0';
      if (version !== undefined && !semver().satisfies(running, version)) {
        return {
          problem: `${appId}@${version} is the running jittask (${ownPackage.dir}), whose version ${running} does not fit ${version}`,
        };
      }
      return { dir: ownPackage.dir };
    }
    const found = findAppById(appId, version, places());
    return found.dir ? { dir: found.dir } : { problem: found.problem ?? `cannot find parent app ${appId}` };
  }
  const notFound = {
    problem: `cannot find parent app '${entry}' (no app.yaml or app.json at that path, and no installed package of that name)`,
  };
  if (entry.startsWith('.') || path.isAbsolute(entry)) {
    const dir = path.resolve(fromDir, entry);
    return findManifestFile(dir) ? { dir: fs.realpathSync(dir) } : notFound;
  }
  // `jittask` is the package this code runs from: the same copy, wherever the app folder lives.
  if (entry === ownPackage.name) return { dir: ownPackage.dir };
  try {
    const pkg = require.resolve(`${entry}/package.json`, { paths: [fromDir] });
    const dir = path.dirname(pkg);
    return findManifestFile(dir) ? { dir: fs.realpathSync(dir) } : notFound;
  } catch {
    return notFound;
  }
}

/**
 * Where `{ appId, version }` parents of the last app in `lineage` are looked for: the
 * `settings.appPaths` of that app and of the apps that extend it (nearest first, each relative to
 * its own folder, placeholders filled as for its settings), then `JITTASK_APP_PATH`, then the
 * `node_modules` folders from `fromDir` up to the file system's root.
 */
function searchPlaces(
  lineage: AppManifest[],
  envPaths: string[],
  env: Readonly<Record<string, string | undefined>>,
  fromDir: string,
): AppSearchPlaces {
  // The root app's envVars win over its parents', the environment over all: as for settings.
  const vars: Record<string, string | undefined> = {};
  for (const m of [...lineage].reverse()) Object.assign(vars, m.envVars);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  const appPaths: string[] = [];
  for (const m of [...lineage].reverse()) {
    const listed = fillPlaceholders(m.settings.appPaths, vars).value;
    if (!Array.isArray(listed)) continue;
    for (const p of listed) if (typeof p === 'string' && p !== '') appPaths.push(path.resolve(m.dir, p));
  }
  const packageRoots: string[] = [];
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') packageRoots.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) break;
  }
  return { appPaths: [...new Set(appPaths)], envPaths, packageRoots: packageRoots.filter((p) => fs.existsSync(p)) };
}
