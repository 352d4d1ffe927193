import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TypeScript from 'typescript';
import { JitError } from '../errors/JitError';

/**
 * How element modules are compiled, as tsconfig.json writes it: CommonJS with the decorator
 * settings InversifyJS needs. Part of the disk cache's key, so changing it compiles anew.
 */
const COMPILER_OPTIONS = {
  module: 'commonjs',
  target: 'es2022',
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
} as const;

/** Bumped when what this file writes to the disk cache changes in a way its key does not show. */
const CACHE_FORMAT = 1;

/** Output per file, valid while the file's mtime and size stay the same. */
const compiled = new Map<string, { mtimeMs: number; size: number; output: string }>();

/**
 * Compiles a TypeScript element module to CommonJS (transpile only, with the decorator settings
 * InversifyJS needs). TypeScript emits code even for a file it cannot parse, dropping what it could
 * not read; a syntax error is therefore MODULE_INVALID with its file, line and column instead.
 * The result is kept per file, so checking a module and then loading it compiles it once; it is
 * also kept on disk ({@link transpileCacheDir}), keyed by the file's path and content, the compiler's
 * version and the options, so that a later process that loads the same file does not load the
 * compiler at all (it adds about 40 MB of RSS). Only output without errors is kept.
 */
export function transpileTypeScript(file: string): string {
  const stat = fs.statSync(file);
  const known = compiled.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.output;
  const source = fs.readFileSync(file, 'utf8');
  const key = cacheKey(file, source);
  let output = readCached(key);
  if (output === undefined) {
    output = compile(file, source);
    writeCached(key, output);
  }
  compiled.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, output });
  return output;
}

/** Transpiles `source`; throws MODULE_INVALID for a syntax error. */
function compile(file: string, source: string): string {
  const ts = compiler();
  const result = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, path.dirname(file)).options,
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const issues = errors.map((d) => {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const message = `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      return {
        code: 'MODULE_INVALID' as const,
        file,
        line: pos === undefined ? undefined : pos.line + 1,
        column: pos === undefined ? undefined : pos.character + 1,
        message,
      };
    });
    throw new JitError('MODULE_INVALID', issues[0]!.message, { file, issues });
  }
  return result.outputText;
}

/**
 * The TypeScript compiler, loaded when a module must actually be compiled: it is the largest
 * thing jittask can load (about 40 MB of RSS), and an app of `.js` modules, or one whose `.ts`
 * modules are all in the disk cache, never needs it.
 */
function compiler(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('typescript') as typeof TypeScript;
}

/** The installed compiler's version, read from its package.json so the compiler itself is not loaded. */
let compilerVersion: string | undefined;

/** The disk cache's name for the output of `source` at `file`. */
function cacheKey(file: string, source: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compilerVersion ??= (require('typescript/package.json') as { version: string }).version;
  return createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, compilerVersion, COMPILER_OPTIONS, file]))
    .update('\0')
    .update(source)
    .digest('hex');
}

/** The folder of {@link transpileCacheDir}, once looked at: null when it cannot be trusted or made. */
let cacheDir: string | null | undefined;

/**
 * The disk cache: `jittask-ts-<uid>` in the system's temporary folder. Element modules are not
 * tied to one app's data folder (a parent app's modules, helpers they import), and the key names
 * the file and its content, so one cache per user serves every app. Its files are run as code:
 * a folder that another user owns or may write to (or a symbolic link) is not used, and nothing is
 * cached then.
 */
function transpileCacheDir(): string | null {
  if (cacheDir !== undefined) return cacheDir;
  cacheDir = null;
  try {
    const uid = process.getuid?.();
    const dir = path.join(os.tmpdir(), `jittask-ts-${uid ?? os.userInfo().username}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    // Without uids (Windows) the temporary folder is the user's own.
    const trusted = st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0));
    if (trusted) cacheDir = dir;
  } catch {
    // No cache: every process compiles, as without one.
  }
  return cacheDir;
}

function readCached(key: string): string | undefined {
  const dir = transpileCacheDir();
  if (dir === null) return undefined;
  try {
    return fs.readFileSync(path.join(dir, `${key}.js`), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Keeps `output` for later processes. Written under a name of its own and then renamed, so a
 * process loading the same module at the same time reads a whole file or none. A failure (a full
 * or read-only disk) only means the next process compiles again.
 */
function writeCached(key: string, output: string): void {
  const dir = transpileCacheDir();
  if (dir === null) return;
  const final = path.join(dir, `${key}.js`);
  const partial = `${final}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(partial, output, { mode: 0o600, flag: 'wx' });
    fs.renameSync(partial, final);
  } catch {
    fs.rm(partial, { force: true }, () => {});
  }
}
