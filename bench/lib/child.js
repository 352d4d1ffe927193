'use strict';
/**
 * Runs a worker script in a fresh Node process (its own module cache, heap and RSS) and returns
 * the JSON object it prints as its last line of stdout. The worker's stderr is passed on to ours
 * once it ends, and its first error line goes into the thrown message.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const WORKERS = path.join(__dirname, '..', 'workers');

/**
 * @param {string} worker file name under bench/workers (e.g. 'runtime.js')
 * @param {string[]} args its arguments
 * @param {{ timeoutMs?: number, nodeArgs?: string[] }} [options]
 */
function runWorker(worker, args, options = {}) {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), path.join(WORKERS, worker), ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(result.stderr ?? '');
  const what = `${worker} ${args.join(' ')}`;
  if (result.error) throw new Error(`${what}: ${result.error.message} (limit ${timeoutMs / 1000} s)`);
  if (result.status !== 0) {
    const cause = (result.stderr ?? '').split('\n').find((l) => /Error\b/.test(l))?.trim();
    throw new Error(`${what}: exited with ${result.status ?? result.signal}${cause ? `: ${cause}` : ''}`);
  }
  const last = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${what}: did not print a JSON result (last line: ${last.slice(0, 200)})`);
  }
}

module.exports = { runWorker };
