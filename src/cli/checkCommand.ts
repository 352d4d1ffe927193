import * as path from 'node:path';
import { formatIssue } from '../errors/JitError';
import { checkApp } from '../runtime/loadApp';
import type { CliOutput } from './CliOutput';

/** `jittask check [appDir]`: validates an app and prints every problem; exit code 1 if any. */
export function checkCommand(appDir: string, out: CliOutput): number {
  const dir = path.resolve(appDir);
  const issues = checkApp(dir);
  if (issues.length === 0) {
    out.log(`${dir}: OK`);
    return 0;
  }
  for (const issue of issues) out.error(formatIssue(issue));
  out.error(`${issues.length} problem(s) found`);
  return 1;
}
