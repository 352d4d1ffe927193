import * as fs from 'node:fs';

/**
 * Lets plain Node `require()` TypeScript element modules, so a host app written in TypeScript runs
 * without a build step. A `.ts` loader that already exists (ts-node, tsx) is kept; under Jest the
 * hook is inert, since Jest's own transform loads modules.
 * Compilation is transpile-only with the decorator settings InversifyJS needs.
 */
export function registerTsHook(): void {
  // require.extensions is deprecated for packages but is still the one synchronous hook CommonJS has.
  const extensions = require.extensions as NodeJS.RequireExtensions | undefined;
  if (!extensions || extensions['.ts']) return;
  extensions['.ts'] = (module, filename) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    const source = fs.readFileSync(filename, 'utf8');
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
        inlineSourceMap: true,
      },
    });
    (module as NodeJS.Module & { _compile(code: string, file: string): void })._compile(output.outputText, filename);
  };
}
