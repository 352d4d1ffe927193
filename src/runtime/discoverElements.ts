import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import type { AppManifest } from './AppManifest';
import type { DefinitionSource, KeyPath } from './ElementDefinition';
import { fillPlaceholders } from './fillPlaceholders';
import { hasKeyPath } from './hasKeyPath';
import { readYamlFile, type ParsedFile } from './yamlFile';

const DEFINITION_FILES = ['e.yaml', 'e.yml', 'e.json'];
const DEFAULT_MODULES = ['index.ts', 'index.js'];

/**
 * Finds every element folder under `<app>/elements/` (any depth) and reads its definition.
 * The fullName is the folder path with `/` replaced by `.`. Two folders (or two definition files)
 * with one fullName are a DUPLICATE_ELEMENT issue.
 */
export function discoverElements(app: AppManifest, vars: Readonly<Record<string, string | undefined>>): { sources: DefinitionSource[]; issues: JitIssue[] } {
  const root = path.join(app.dir, 'elements');
  const sources: DefinitionSource[] = [];
  const issues: JitIssue[] = [];
  const byName = new Map<string, string>();
  if (!fs.existsSync(root)) return { sources, issues };

  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const fileNames = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const defFiles = entries.filter((e) => e.isFile() && DEFINITION_FILES.includes(e.name)).map((e) => path.join(dir, e.name));
    if (defFiles.length > 0) {
      const fullName = path.relative(root, dir).split(path.sep).join('.');
      const others = [...(byName.has(fullName) ? [byName.get(fullName)!] : []), ...defFiles.slice(1)];
      if (others.length > 0) {
        issues.push({ code: 'DUPLICATE_ELEMENT', fullName, file: defFiles[0], line: 1, column: 1, message: `element '${fullName}' is defined more than once in app ${app.appId}: ${[...others, defFiles[0]].join(', ')}` });
      } else {
        byName.set(fullName, defFiles[0]!);
        const source = readDefinition(app, fullName, dir, defFiles[0]!, fileNames, vars, issues);
        if (source) sources.push(source);
      }
    }
    else if (dir !== root) {
      // A folder with only code overrides the element of that name in a parent app (its
      // definition is the parent's); resolveElements drops it when no parent defines the name.
      const modulePath = defaultModule(dir, fileNames);
      if (modulePath) {
        const fullName = path.relative(root, dir).split(path.sep).join('.');
        sources.push({ fullName, appId: app.appId, appDir: app.dir, dir, file: modulePath, data: {}, locate: () => ({ file: modulePath }), modulePath, codeOnly: true });
      }
    }
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules') walk(path.join(dir, e.name));
  };
  walk(root);
  return { sources, issues };
}

function readDefinition(
  app: AppManifest, fullName: string, dir: string, file: string, fileNames: ReadonlySet<string>,
  vars: Readonly<Record<string, string | undefined>>, issues: JitIssue[],
): DefinitionSource | null {
  const read = readYamlFile(file);
  issues.push(...read.issues.map((i) => ({ ...i, fullName })));
  if (!read.parsed) return null;
  const parsed = read.parsed;
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    issues.push({ code: 'CONFIG_INVALID', fullName, file, line: 1, column: 1, message: 'a definition must be a mapping of keys' });
    return null;
  }
  let data = parsed.data as Record<string, unknown>;

  // config.yaml beside e.yaml holds the config; inline `config` keys win over it.
  const configFile = path.join(dir, 'config.yaml');
  let configParsed: ParsedFile | undefined;
  if (fileNames.has('config.yaml')) {
    const c = readYamlFile(configFile);
    issues.push(...c.issues.map((i) => ({ ...i, fullName })));
    configParsed = c.parsed;
    const cfg = c.parsed?.data ?? {};
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      issues.push({ code: 'CONFIG_INVALID', fullName, file: configFile, line: 1, column: 1, message: 'config.yaml must be a mapping' });
    } else {
      const inline = data.config;
      data = { ...data, config: { ...(cfg as Record<string, unknown>), ...(isRecord(inline) ? inline : {}) } };
    }
  }

  const locate = (keyPath: KeyPath): { file: string; position?: ReturnType<ParsedFile['locate']> } => {
    if (configParsed && keyPath[0] === 'config' && keyPath.length > 1 && !hasKeyPath(parsed.data, keyPath)) {
      return { file: configFile, position: configParsed.locate(keyPath.slice(1)) };
    }
    return { file, position: parsed.locate(keyPath) };
  };

  if (parsed.hasPlaceholders || configParsed?.hasPlaceholders) {
    const filled = fillPlaceholders(data, vars);
    for (const m of filled.missing) {
      const at = locate(m.path);
      issues.push({ code: 'CONFIG_INVALID', fullName, file: at.file, line: at.position?.line, column: at.position?.column, path: m.path.join('.'), message: `placeholder {{${m.name}}} has no value: set the environment variable ${m.name} or envVars.${m.name} in app.yaml` });
    }
    data = filled.value as Record<string, unknown>;
  }

  let modulePath: string | null = null;
  if (typeof data.backendBundleEntry === 'string') {
    modulePath = path.resolve(dir, data.backendBundleEntry);
    if (!fs.existsSync(modulePath)) {
      const pos = parsed.locate(['backendBundleEntry']);
      issues.push({ code: 'CONFIG_INVALID', fullName, file, line: pos?.line, column: pos?.column, path: 'backendBundleEntry', message: `module '${data.backendBundleEntry}' does not exist` });
      modulePath = null;
    }
  } else {
    modulePath = defaultModule(dir, fileNames);
  }
  return { fullName, appId: app.appId, appDir: app.dir, dir, file, data, locate, modulePath };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The folder's `index.ts` or `index.js`, from the names the folder walk already read. */
function defaultModule(dir: string, fileNames: ReadonlySet<string>): string | null {
  const name = DEFAULT_MODULES.find((m) => fileNames.has(m));
  return name ? path.join(dir, name) : null;
}
