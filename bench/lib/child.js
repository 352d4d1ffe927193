'use strict';
/**
 * Runs a worker script in a fresh Node process (its own module cache, heap and RSS) and returns
 * the JSON object it prints as its last line of stdout. The worker's stderr is passed on to ours
 * once it ends, and its first error line goes into the thrown message.
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

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
    const cause = (result.stderr ?? '')
      .split('\n')
      .find((l) => /Error\b/.test(l))
      ?.trim();
    throw new Error(`${what}: exited with ${result.status ?? result.signal}${cause ? `: ${cause}` : ''}`);
  }
  const last = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${what}: did not print a JSON result (last line: ${last.slice(0, 200)})`);
  }
}

/**
 * Starts a long-running worker script in a fresh Node process, for benchmarks that need several at
 * once. It talks in lines: each stdout line is a JSON message (`{ kind, ... }`), and it is steered
 * through stdin (`send('go')`; closing stdin asks it to finish). Its stderr is passed on once it ends.
 * @param {string} worker file name under bench/workers
 * @param {string[]} args its arguments
 * @param {{ nodeArgs?: string[] }} [options]
 */
function startWorker(worker, args, options = {}) {
  const what = `${worker} ${args.join(' ')}`;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(WORKERS, worker), ...args.map(String)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A worker that died cannot read what is sent to it; its exit status says why, so EPIPE is moot.
  child.stdin.on('error', () => {});
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const messages = [];
  const waiting = new Set();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return; // not one of its messages (a library's log line)
    }
    messages.push(message);
    for (const w of waiting) w();
  });
  let ended = false;
  // 'close', not 'exit': by then every line it wrote has been read.
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      process.stderr.write(stderr);
      resolve({ code, signal });
      for (const w of waiting) w();
    });
  });
  const failure = (status) => {
    const cause = stderr
      .split('\n')
      .find((l) => /Error\b/.test(l))
      ?.trim();
    return new Error(`${what}: exited with ${status.code ?? status.signal}${cause ? `: ${cause}` : ''}`);
  };

  return {
    /** The first message of `kind` (already received or to come); rejects if the worker ends or `timeoutMs` passes first. */
    next(kind, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`${what}: no '${kind}' message within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const check = () => {
          const found = messages.find((m) => m.kind === kind);
          if (!found && !ended) return;
          waiting.delete(check);
          clearTimeout(timer);
          if (found) resolve(found);
          else exited.then((status) => reject(failure(status)));
        };
        waiting.add(check);
        check();
      });
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    /** Closes its stdin and waits for it to end; resolves to its last message. Killed after `timeoutMs`. */
    async finish(timeoutMs = 30_000) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const status = await exited;
      clearTimeout(timer);
      if (status.code !== 0) throw failure(status);
      return messages[messages.length - 1];
    },
    /** Ends it at once (cleaning up after a failure elsewhere). */
    kill() {
      if (!ended) child.kill('SIGKILL');
      return exited;
    },
  };
}

module.exports = { runWorker, startWorker };
