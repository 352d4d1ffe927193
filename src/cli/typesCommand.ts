import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../errors/JitError';
import { assembleApp } from '../runtime/loadApp';
import type { CliOutput } from './CliOutput';
import { elementDeclarations } from './elementDeclarations';

/** The file `jittask types` writes when not told where: beside the app's manifest. */
export const DEFAULT_TYPES_FILE = 'jittask-elements.d.ts';

/**
 * `jittask types [appDir] [--out file]`: writes the declaration file with which a TypeScript host
 * app's `app.getElement('services.X')` has the element's type (see `elementDeclarations`). The app
 * is read and its classes built as `jittask check` does, without creating any element; a problem
 * is printed and nothing is written (exit 1).
 */
export function typesCommand(appDir: string, out: CliOutput, opts: { out?: string } = {}): number {
  const dir = path.resolve(appDir);
  const { parts, issues } = assembleApp(dir, process.env);
  if (!parts || issues.length > 0) {
    for (const issue of issues) out.error(formatIssue(issue));
    out.error(`${issues.length} problem(s) found: no types written`);
    return 1;
  }
  const file = path.resolve(opts.out ?? path.join(dir, DEFAULT_TYPES_FILE));
  const text = elementDeclarations({ appId: parts.chain[0]!.appId, records: parts.records, classes: parts.classes });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const count = [...parts.records.values()].filter((r) => r.visible).length;
  out.log(`${file}: the types of ${count} elements (include it in the host app's tsconfig)`);
  return 0;
}
