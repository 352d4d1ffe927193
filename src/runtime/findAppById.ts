import * as fs from 'node:fs';
import * as path from 'node:path';
import { findManifestFile } from './findManifestFile';
import { semver } from './semver';
import { readYamlFile } from './yamlFile';

/** Where an `{ appId, version }` parent is looked for, each list in the order it is searched. */
export interface AppSearchPlaces {
  /** The folders of `settings.appPaths`, absolute. */
  appPaths: string[];
  /** The folders of `JITTASK_APP_PATH`, absolute. */
  envPaths: string[];
  /** The `node_modules` folders from the app's folder upwards. */
  packageRoots: string[];
}

/** An app folder found on the search path, and what its manifest says it is. */
interface Candidate {
  dir: string;
  appId: unknown;
  version: string;
}

/**
 * Finds the app `appId` whose version fits `range` (absent: any) among the folders of `places`:
 * each folder of `appPaths` and `envPaths` is an app (its manifest at its root), holds app
 * folders one level down, or is a JAAP runtime environment, where JitAi deploys the app
 * `orgId.appName` at `<folder>/<orgId>/<appName>/<version with _ for .>` (`wanyun/MyApp/1_0_0`);
 * each package root holds installed packages (`@scope/name` included). Of the fitting versions the
 * highest wins, as a package manager picks; of equal ones the first found. When none fits,
 * `problem` says which versions were seen and where it looked. A JAAP folder whose manifest names
 * another app or version than its path is a problem too: which of the two is meant is unclear.
 */
export function findAppById(appId: string, range: string | undefined, places: AppSearchPlaces): { dir?: string; problem?: string } {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const mismatches: string[] = [];
  const consider = (dir: string, deployedAs?: string): boolean => {
    const location = findManifestFile(dir);
    if (!location) return false;
    const real = fs.realpathSync(dir);
    if (!seen.has(real)) {
      seen.add(real);
      const data = readYamlFile(location.file).parsed?.data as Record<string, unknown> | undefined;
      const candidate = { dir: real, appId: data?.appId, version: typeof data?.version === 'string' ? data.version : '1.0.0' };
      if (deployedAs !== undefined && (candidate.appId !== appId || candidate.version !== deployedAs)) {
        mismatches.push(
          `${dir} is where JAAP deploys ${appId} ${deployedAs}, but its ${path.basename(location.file)} says ` +
            `${String(candidate.appId)} ${candidate.version}`,
        );
      } else candidates.push(candidate);
    }
    return true;
  };
  const deployment = jaapFolder(appId);
  for (const folder of [...places.appPaths, ...places.envPaths]) {
    if (!isDirectory(folder) || consider(folder)) continue;
    for (const child of subfolders(folder)) consider(child);
    if (deployment === null) continue;
    for (const versionDir of subfolders(path.join(folder, deployment)))
      consider(versionDir, path.basename(versionDir).replaceAll('_', '.'));
  }
  if (mismatches.length > 0)
    return { problem: `cannot tell which app ${appId} is meant: ${mismatches.join('; ')}. The folder and its manifest must agree` };
  for (const modules of places.packageRoots) {
    for (const child of subfolders(modules)) {
      if (path.basename(child).startsWith('@')) subfolders(child).forEach((d) => consider(d));
      else consider(child);
    }
  }

  const { rcompare, satisfies, valid } = semver();
  const named = candidates.filter((c) => c.appId === appId);
  const fitting = named.filter((c) => range === undefined || (valid(c.version) !== null && satisfies(c.version, range)));
  if (fitting.length > 0) {
    // A stable sort keeps search order among equal versions; unreadable versions go last.
    const best = [...fitting].sort((a, b) => {
      const va = valid(a.version);
      const vb = valid(b.version);
      if (va && vb) return rcompare(va, vb);
      return va ? -1 : vb ? 1 : 0;
    })[0]!;
    return { dir: best.dir };
  }
  const wanted = range === undefined ? appId : `${appId}@${range}`;
  const versions =
    named.length === 0
      ? `no app with appId ${appId} was found`
      : `found versions ${[...new Set(named.map((c) => c.version))].sort(byVersion).join(', ')}, none fits ${range}`;
  return { problem: `cannot find parent app ${wanted}: ${versions}. Looked in ${describePlaces(places)}` };
}

/** Where a JAAP runtime environment holds the versions of `appId`: `<orgId>/<appName>`, or null for an appId that names no such folder. */
function jaapFolder(appId: string): string | null {
  const dot = appId.indexOf('.');
  const orgId = appId.slice(0, dot);
  const appName = appId.slice(dot + 1);
  if (dot <= 0 || appName === '' || appName === '.' || appName === '..' || /[\\/]/.test(appId)) return null;
  return path.join(orgId, appName);
}

/** The search path in words, for a refusal. */
function describePlaces(places: AppSearchPlaces): string {
  const list = (folders: string[]): string => (folders.length === 0 ? '(none)' : folders.join(', '));
  return (
    `settings.appPaths ${list(places.appPaths)}; JITTASK_APP_PATH ${list(places.envPaths)} ` +
    `(each an app, a folder of apps, or a JAAP environment of <orgId>/<appName>/<version> folders); ` +
    `installed packages in ${list(places.packageRoots)}`
  );
}

function byVersion(a: string, b: string): number {
  const { rcompare, valid } = semver();
  const va = valid(a);
  const vb = valid(b);
  if (va && vb) return -rcompare(va, vb);
  return a.localeCompare(b);
}

function isDirectory(dir: string): boolean {
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The folders (and links to folders) directly in `dir`, sorted by name; none when it is no folder. */
function subfolders(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => path.join(dir, e.name))
    .filter(isDirectory)
    .sort();
}
