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
 * each folder of `appPaths` and `envPaths` is an app (its manifest at its root) or holds app
 * folders one level down; each package root holds installed packages (`@scope/name` included).
 * Of the fitting versions the highest wins, as a package manager picks; of equal ones the first
 * found. When none fits, `problem` says which versions were seen and where it looked.
 */
export function findAppById(appId: string, range: string | undefined, places: AppSearchPlaces): { dir?: string; problem?: string } {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const consider = (dir: string): boolean => {
    const location = findManifestFile(dir);
    if (!location) return false;
    const real = fs.realpathSync(dir);
    if (!seen.has(real)) {
      seen.add(real);
      const data = readYamlFile(location.file).parsed?.data as Record<string, unknown> | undefined;
      candidates.push({ dir: real, appId: data?.appId, version: typeof data?.version === 'string' ? data.version : '1.0.0' });
    }
    return true;
  };
  for (const folder of [...places.appPaths, ...places.envPaths]) {
    if (!isDirectory(folder) || consider(folder)) continue;
    for (const child of subfolders(folder)) consider(child);
  }
  for (const modules of places.packageRoots) {
    for (const child of subfolders(modules)) {
      if (path.basename(child).startsWith('@')) subfolders(child).forEach(consider);
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

/** The search path in words, for a refusal. */
function describePlaces(places: AppSearchPlaces): string {
  const list = (folders: string[]): string => (folders.length === 0 ? '(none)' : folders.join(', '));
  return `settings.appPaths ${list(places.appPaths)}; JITTASK_APP_PATH ${list(places.envPaths)}; installed packages in ${list(places.packageRoots)}`;
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
