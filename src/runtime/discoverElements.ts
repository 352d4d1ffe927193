import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JitIssue } from '../errors/JitError';
import type { AppManifest } from './AppManifest';
import type { DefinitionSource, KeyPath } from './ElementDefinition';
import { fillPlaceholders } from './fillPlaceholders';
import { hasKeyPath } from './hasKeyPath';
import { DEFINITION_FILES, isInsideElement } from './isInsideElement';
import { readYamlFile, type ParsedFile } from './yamlFile';

const DEFAULT_MODULES = ['index.ts', 'index.js'];
const CONFIG_FILES = ['config.yaml', 'config.json'];

/**
 * Finds every element folder under `<app>/elements/` (any depth) and reads its definition.
 * The fullName is the folder path with `/` replaced by `.`. Two folders (or two definition files)
 * with one fullName are a DUPLICATE_ELEMENT issue.
 */
export function discoverElements(
  app: AppManifest,
  vars: Readonly<Record<string, string | undefined>>,
): { sources: DefinitionSource[]; issues: JitIssue[] } {
  const root = path.join(app.dir, 'elements');
  const sources: DefinitionSource[] = [];
  const issues: JitIssue[] = [];
  const byName = new Map<string, string>();
  if (!fs.existsSync(root)) return { sources, issues };

  // `ancestors` holds the real paths of the folders above `dir`, so a symlink back up is a loop.
  const walk = (dir: string, ancestors: ReadonlySet<string>): void => {
    const within = new Set(ancestors).add(fs.realpathSync.native(dir));
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const fileNames = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const linkNames = new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => e.name));
    const names: FolderNames = { files: fileNames, links: linkNames };
    const defFiles = entries.filter((e) => e.isFile() && DEFINITION_FILES.includes(e.name)).map((e) => path.join(dir, e.name));
    if (defFiles.length > 0) {
      const fullName = path.relative(root, dir).split(path.sep).join('.');
      const others = [...(byName.has(fullName) ? [byName.get(fullName)!] : []), ...defFiles.slice(1)];
      if (others.length > 0) {
        issues.push({
          code: 'DUPLICATE_ELEMENT',
          fullName,
          file: defFiles[0],
          line: 1,
          column: 1,
          message: `element '${fullName}' is defined more than once in app ${app.appId}: ${[...others, defFiles[0]].join(', ')}`,
        });
      } else {
        byName.set(fullName, defFiles[0]!);
        const source = readDefinition(app, fullName, dir, defFiles[0]!, names, vars, issues);
        if (source) sources.push(source);
      }
    } else if (dir !== root) {
      // A folder with only code overrides the element of that name in a parent app (its
      // definition is the parent's); resolveElements drops it when no parent defines the name.
      const fullName = path.relative(root, dir).split(path.sep).join('.');
      const modulePath = defaultModule(dir, names, fullName, issues);
      if (modulePath) {
        sources.push({
          fullName,
          appId: app.appId,
          appDir: app.dir,
          dir,
          file: modulePath,
          data: {},
          locate: () => ({ file: modulePath }),
          modulePath,
          codeOnly: true,
        });
      }
    }
    for (const e of entries) {
      if (e.name === 'node_modules') continue;
      const child = path.join(dir, e.name);
      if (e.isDirectory()) walk(child, within);
      // A linked index.ts/index.js of a folder under elements/ is its module (defaultModule), not a folder to walk.
      else if (e.isSymbolicLink() && !(dir !== root && DEFAULT_MODULES.includes(e.name)) && canFollow(child, within, issues))
        walk(child, within);
    }
  };
  walk(root, new Set());
  return { sources, issues };
}

/**
 * A symlinked folder under `elements/` is walked like a folder (element folders kept elsewhere);
 * a link to a file is not a folder and is left alone. A link that loops or leads nowhere is a
 * CONFIG_INVALID issue naming it, never a hang.
 */
function canFollow(link: string, ancestors: ReadonlySet<string>, issues: JitIssue[]): boolean {
  let real: string;
  try {
    real = fs.realpathSync(link);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'it is a symlink loop' : `it leads nowhere (${code ?? (cause as Error).message})`;
    issues.push({ code: 'CONFIG_INVALID', file: link, message: `cannot follow symlink ${link}: ${why}` });
    return false;
  }
  if (!fs.statSync(real).isDirectory()) return false;
  if (ancestors.has(real)) {
    issues.push({ code: 'CONFIG_INVALID', file: link, message: `symlink ${link} loops back to ${real}, a folder it is inside of` });
    return false;
  }
  return true;
}

function readDefinition(
  app: AppManifest,
  fullName: string,
  dir: string,
  file: string,
  names: FolderNames,
  vars: Readonly<Record<string, string | undefined>>,
  issues: JitIssue[],
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

  // JitAi writes `protect` for `protected`: read as the one jittask checks overrides against.
  if (data.accessModifier === 'protect') data = { ...data, accessModifier: 'protected' };

  // config.yaml (or JitAi's config.json) beside the definition holds the config, or, in JitAi's
  // composite element, the one in its backend folder; inline `config` keys win over it. Two at once
  // would leave unclear which one is meant: refused.
  const backend = backendFolder(dir, data.backendBundleEntry);
  const configNames = [
    ...CONFIG_FILES.filter((name) => names.files.has(name)),
    ...(backend === null
      ? []
      : CONFIG_FILES.filter((name) => isFile(path.join(backend, name))).map((name) =>
          path.join(path.relative(fs.realpathSync(dir), backend), name),
        )),
  ];
  const configFile = path.join(dir, configNames[0] ?? 'config.yaml');
  let configParsed: ParsedFile | undefined;
  if (configNames.length > 1) {
    issues.push({
      code: 'CONFIG_INVALID',
      fullName,
      file: path.join(dir, configNames[1]!),
      line: 1,
      column: 1,
      message: `${configNames.join(' and ')} are both the config of '${fullName}': keep one`,
    });
  } else if (configNames.length === 1) {
    const c = readYamlFile(configFile);
    issues.push(...c.issues.map((i) => ({ ...i, fullName })));
    configParsed = c.parsed;
    const cfg = c.parsed?.data ?? {};
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      issues.push({
        code: 'CONFIG_INVALID',
        fullName,
        file: configFile,
        line: 1,
        column: 1,
        message: `${configNames[0]} must be a mapping`,
      });
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
      issues.push({
        code: 'CONFIG_INVALID',
        fullName,
        file: at.file,
        line: at.position?.line,
        column: at.position?.column,
        path: m.path.join('.'),
        message: `placeholder {{${m.name}}} has no value: set the environment variable ${m.name} or envVars.${m.name} in app.yaml`,
      });
    }
    data = filled.value as Record<string, unknown>;
  }

  let modulePath: string | null = null;
  if (typeof data.backendBundleEntry === 'string') {
    const entry = data.backendBundleEntry;
    const refuse = (message: string): void => {
      const pos = parsed.locate(['backendBundleEntry']);
      issues.push({ code: 'CONFIG_INVALID', fullName, file, line: pos?.line, column: pos?.column, path: 'backendBundleEntry', message });
    };
    const real = realPathOf(path.resolve(dir, entry));
    const realDir = fs.realpathSync(dir);
    if (real === null) refuse(`module '${entry}' does not exist`);
    // Decided on the real path, before anything is required: `..`, absolute paths and symlinks
    // all end up somewhere, and only the element's own folder may hold its code.
    else if (real !== realDir && !isInsideElement(real, realDir))
      refuse(`module '${entry}' is ${real}, outside the element's folder ${realDir}: only a module inside it is loaded`);
    // The element's own folder (JitAi's `"."`) is its index.ts/index.js, or no module without one.
    else if (real === realDir) modulePath = defaultModule(dir, names, fullName, issues);
    // A folder inside it (a composite element's `"./backend"`) likewise, unless it is an element of its own.
    else if (fs.statSync(real).isDirectory()) {
      if (DEFINITION_FILES.some((name) => isFile(path.join(real, name))))
        refuse(`module '${entry}' is ${real}, the folder of a nested element: only a module of this element is loaded`);
      else modulePath = defaultModule(real, folderNames(real), fullName, issues);
    } else modulePath = real;
  } else {
    modulePath = defaultModule(dir, names, fullName, issues);
  }
  return { fullName, appId: app.appId, appDir: app.dir, dir, file, data, locate, modulePath };
}

/** The real path of `p` (symlinks resolved), or null when there is nothing there. */
function realPathOf(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The folder a composite element keeps its backend in (JitAi's `backendBundleEntry: "./backend"`),
 * as a real path: a folder inside the element's own, not the element's folder itself and not a
 * nested element's. Null for any other entry (a file, `"."`, a path leading out, which the module
 * check refuses).
 */
function backendFolder(dir: string, entry: unknown): string | null {
  if (typeof entry !== 'string') return null;
  const real = realPathOf(path.resolve(dir, entry));
  if (real === null || !fs.statSync(real).isDirectory()) return null;
  if (!isInsideElement(real, fs.realpathSync(dir))) return null;
  return DEFINITION_FILES.some((name) => isFile(path.join(real, name))) ? null : real;
}

function isFile(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The names of the files and symlinks in `dir`. */
function folderNames(dir: string): FolderNames {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  return {
    files: new Set(entries.filter((e) => e.isFile()).map((e) => e.name)),
    links: new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => e.name)),
  };
}

/** The names of a folder's files and symlinks, as the folder walk read them. */
interface FolderNames {
  files: ReadonlySet<string>;
  links: ReadonlySet<string>;
}

/**
 * The folder's `index.ts` or `index.js`, from the names the folder walk already read. One that is a
 * symlink is followed to its real path, but only to a file inside the element's own folder (not a
 * nested element's), as for `backendBundleEntry`: one leading out of it, to no file, or nowhere is
 * a MODULE_INVALID issue at the link, and the element gets no module (nothing is loaded).
 */
function defaultModule(dir: string, names: FolderNames, fullName: string, issues: JitIssue[]): string | null {
  const name = DEFAULT_MODULES.find((m) => names.files.has(m) || names.links.has(m));
  if (name === undefined) return null;
  const file = path.join(dir, name);
  if (names.files.has(name)) return file;
  const refuse = (why: string): null => {
    issues.push({ code: 'MODULE_INVALID', fullName, file, message: `${file} is a symlink ${why}` });
    return null;
  };
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return refuse(`that leads nowhere (${code === 'ELOOP' ? 'a symlink loop' : (code ?? (cause as Error).message)})`);
  }
  const realDir = fs.realpathSync(dir);
  if (!isInsideElement(real, realDir))
    return refuse(`to ${real}, outside the element's folder ${realDir}: only a module inside it is loaded`);
  if (!fs.statSync(real).isFile()) return refuse(`to ${real}, which is not a file`);
  return real;
}
