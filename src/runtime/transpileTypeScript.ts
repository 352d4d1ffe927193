import * as fs from 'node:fs';
import { JitError } from '../errors/JitError';

/** Output per file, valid while the file's mtime and size stay the same. */
const compiled = new Map<string, { mtimeMs: number; size: number; output: string }>();

/**
 * Compiles a TypeScript element module to CommonJS (transpile only, with the decorator settings
 * InversifyJS needs). TypeScript emits code even for a file it cannot parse, dropping what it could
 * not read; a syntax error is therefore MODULE_INVALID with its file, line and column instead.
 * The result is kept per file, so checking a module and then loading it compiles it once.
 */
export function transpileTypeScript(file: string): string {
  const stat = fs.statSync(file);
  const known = compiled.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.output;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const source = fs.readFileSync(file, 'utf8');
  const result = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const issues = errors.map((d) => {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const message = `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      return { code: 'MODULE_INVALID' as const, file, line: pos === undefined ? undefined : pos.line + 1, column: pos === undefined ? undefined : pos.character + 1, message };
    });
    throw new JitError('MODULE_INVALID', issues[0]!.message, { file, issues });
  }
  compiled.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, output: result.outputText });
  return result.outputText;
}
