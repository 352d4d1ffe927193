import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

/** Runs the CLI in-process and collects what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'jittask', ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

const missing = path.join(os.tmpdir(), 'jittask-no-such-app-folder');

describe.each(['check', 'run'])('jittask %s of a folder that does not exist', (command) => {
  test('prints one formatted CONFIG_INVALID issue naming the path, no stack, and exits 1', async () => {
    const r = await cli(command, missing);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(`${missing} [CONFIG_INVALID] no app folder at ${missing}`);
    expect(r.err.join('\n')).not.toMatch(/^\s+at /m);
  });
});
