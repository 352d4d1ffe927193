import { transpileTypeScript } from './transpileTypeScript';

/**
 * Lets plain Node `require()` TypeScript element modules, so a host app written in TypeScript runs
 * without a build step. A `.ts` loader that already exists (ts-node, tsx) is kept; under Jest the
 * hook is inert, since Jest's own transform loads modules.
 */
export function registerTsHook(): void {
  // require.extensions is deprecated for packages but is still the one synchronous hook CommonJS has.
  const extensions = require.extensions as NodeJS.RequireExtensions | undefined;
  if (!extensions || extensions['.ts']) return;
  extensions['.ts'] = (module, filename) => {
    (module as NodeJS.Module & { _compile(code: string, file: string): void })._compile(transpileTypeScript(filename), filename);
  };
}
