import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import { findManifestFile } from './findManifestFile';
import { semver } from './semver';
import type { ParsedFile } from './yamlFile';
import { readYamlFile } from './yamlFile';

/**
 * A parent app as an `extends` entry names it: a relative path or an installed package name, or
 * JitAi's `{ appId, version }`, where `version` is a semver range (absent: any version).
 */
export type AppReference = string | { appId: string; version?: string };

/** The keys of an app's manifest, `app.yaml` or JitAi's `app.json`. */
export interface AppManifest {
  appId: string;
  title: string;
  version: string;
  extends: AppReference[];
  settings: Record<string, unknown>;
  envVars: Record<string, string>;
  /** Absolute folder of the app and its manifest file (`app.yaml` or `app.json`). */
  dir: string;
  file: string;
  parsed: ParsedFile;
}

/**
 * jittask's own keys, then the other keys of JitAi's `app.json`: accepted so that a JitAi app loads
 * as written, with no meaning here.
 */
const KNOWN_KEYS = new Set([
  'appId',
  'title',
  'version',
  'extends',
  'settings',
  'envVars',
  'description',
  'name',
  'orgId',
  'icon',
  'theme',
  'encrypted',
  'files',
  'requirements',
]);

const APP_ID = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/;

/**
 * Reads and checks the manifest of the app in `dir`: `app.yaml`, or JitAi's `app.json` where
 * there is no `app.yaml` (both in one folder is a mistake). Problems come back as issues, never
 * thrown.
 */
export function readAppManifest(dir: string): { manifest?: AppManifest; issues: JitIssue[] } {
  const location = findManifestFile(dir);
  if (!location)
    return {
      issues: [{ code: 'CONFIG_INVALID', file: path.join(dir, 'app.yaml'), message: `no app.yaml (or JitAi's app.json) in ${dir}` }],
    };
  const file = location.file;
  if (location.both) {
    return {
      issues: [
        { code: 'CONFIG_INVALID', file, message: `both app.yaml and app.json in ${dir}: an app has one manifest, keep one of them` },
      ],
    };
  }
  const name = path.basename(file);
  const { parsed, issues } = readYamlFile(file);
  if (!parsed) return { issues };
  const data = parsed.data;
  const issue = (keyPath: Array<string | number>, message: string): JitIssue => {
    const pos = parsed.locate(keyPath);
    return { code: 'CONFIG_INVALID', file, line: pos?.line, column: pos?.column, path: keyPath.join('.'), message };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [issue([], `${name} must be a mapping`)] };
  }
  const raw = data as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) issues.push(issue([key], `unknown key '${key}'`));
  if (typeof raw.appId !== 'string' || !APP_ID.test(raw.appId)) {
    issues.push(issue(['appId'], "appId is required and must look like 'orgId.appName'"));
  }
  const ext = raw.extends ?? [];
  if (!Array.isArray(ext)) issues.push(issue(['extends'], 'extends must be a list of paths, package names or { appId, version } entries'));
  else ext.forEach((entry: unknown, i) => issues.push(...referenceProblems(entry).map((message) => issue(['extends', i], message))));
  const settings = raw.settings ?? {};
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    issues.push(issue(['settings'], 'settings must be a mapping'));
  const envVars = raw.envVars ?? {};
  if (typeof envVars !== 'object' || envVars === null || Array.isArray(envVars))
    issues.push(issue(['envVars'], 'envVars must be a mapping'));
  if (raw.version !== undefined && typeof raw.version !== 'string') issues.push(issue(['version'], 'version must be a string'));
  if (issues.length > 0) return { issues };
  return {
    manifest: {
      appId: raw.appId as string,
      title: typeof raw.title === 'string' ? raw.title : (raw.appId as string),
      version: (raw.version as string | undefined) ?? '1.0.0',
      extends: ext as AppReference[],
      settings: settings as Record<string, unknown>,
      envVars: Object.fromEntries(Object.entries(envVars as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      dir,
      file,
      parsed,
    },
    issues,
  };
}

/** What is wrong with one `extends` entry, if anything. */
function referenceProblems(entry: unknown): string[] {
  if (typeof entry === 'string') return entry === '' ? ['an extends entry must not be empty'] : [];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return [`an extends entry is a path, a package name or { appId, version }; got ${JSON.stringify(entry)}`];
  }
  const { appId, version, ...rest } = entry as Record<string, unknown>;
  const problems = Object.keys(rest).map((key) => `unknown key '${key}' in an extends entry (known: appId, version)`);
  if (typeof appId !== 'string' || !APP_ID.test(appId))
    problems.push(`an extends entry's appId must look like 'orgId.appName'; got ${JSON.stringify(appId)}`);
  if (version !== undefined && (typeof version !== 'string' || semver().validRange(version) === null)) {
    problems.push(`an extends entry's version must be a semver range such as 1.2.3, ^1.2 or >=1.0.0 <2; got ${JSON.stringify(version)}`);
  }
  return problems;
}
