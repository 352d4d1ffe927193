import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import type { ParsedFile } from './yamlFile';
import { readYamlFile } from './yamlFile';

/** The keys of `app.yaml` (SPEC §2). */
export interface AppManifest {
  appId: string;
  title: string;
  version: string;
  extends: string[];
  settings: Record<string, unknown>;
  envVars: Record<string, string>;
  /** Absolute folder of the app and its `app.yaml`. */
  dir: string;
  file: string;
  parsed: ParsedFile;
}

const KNOWN_KEYS = new Set(['appId', 'title', 'version', 'extends', 'settings', 'envVars', 'description']);

/** Reads and checks `<dir>/app.yaml`; problems come back as issues, never thrown. */
export function readAppManifest(dir: string): { manifest?: AppManifest; issues: JitIssue[] } {
  const file = path.join(dir, 'app.yaml');
  const { parsed, issues } = readYamlFile(file);
  if (!parsed) return { issues };
  const data = parsed.data;
  const issue = (keyPath: Array<string | number>, message: string): JitIssue => {
    const pos = parsed.locate(keyPath);
    return { code: 'CONFIG_INVALID', file, line: pos?.line, column: pos?.column, path: keyPath.join('.'), message };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [issue([], 'app.yaml must be a mapping')] };
  }
  const raw = data as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) issues.push(issue([key], `unknown key '${key}'`));
  if (typeof raw.appId !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/.test(raw.appId)) {
    issues.push(issue(['appId'], "appId is required and must look like 'orgId.appName'"));
  }
  const ext = raw.extends ?? [];
  if (!Array.isArray(ext) || ext.some((e) => typeof e !== 'string')) issues.push(issue(['extends'], 'extends must be a list of paths or package names'));
  const settings = raw.settings ?? {};
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) issues.push(issue(['settings'], 'settings must be a mapping'));
  const envVars = raw.envVars ?? {};
  if (typeof envVars !== 'object' || envVars === null || Array.isArray(envVars)) issues.push(issue(['envVars'], 'envVars must be a mapping'));
  if (raw.version !== undefined && typeof raw.version !== 'string') issues.push(issue(['version'], 'version must be a string'));
  if (issues.length > 0) return { issues };
  return {
    manifest: {
      appId: raw.appId as string,
      title: typeof raw.title === 'string' ? raw.title : (raw.appId as string),
      version: (raw.version as string | undefined) ?? '1.0.0',
      extends: ext as string[],
      settings: settings as Record<string, unknown>,
      envVars: Object.fromEntries(Object.entries(envVars as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      dir,
      file,
      parsed,
    },
    issues,
  };
}
