import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const taskApp = path.join(__dirname, '../fixtures/task-app');

/** Runs the CLI in-process and collects what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'jittask', ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jittask-cli-limit-'));
  fs.cpSync(taskApp, dir, { recursive: true, filter: (src) => !src.includes('appData') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('jittask tasks -n', () => {
  test.each(['1e99', '0', '10001', '2.5', 'ten', '0x10'])('-n %s prints the coded error naming the limit and exits 1', async (limit) => {
    const r = await cli('tasks', dir, '-n', limit);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/\[API_PARAMS_ERROR\] .*limit/);
    expect(r.err.join('\n')).not.toContain('DATABASE_ERROR');
  });

  test('an unknown status is refused the same way', async () => {
    const r = await cli('tasks', dir, '-s', 'done');
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/\[API_PARAMS_ERROR\] .*status/);
  });

  test('the largest limit lists', async () => {
    const r = await cli('tasks', dir, '-n', '10000');
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^taskId\s+template/);
  });
});
