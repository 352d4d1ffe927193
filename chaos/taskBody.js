'use strict';
/**
 * What every task function of the chaos app does: log `begin`, work a random short time while
 * honouring its signal, then fail at random (for retry templates) or return a token, logging
 * `abort`, `throw` or `return` first. The token is in the returned value and the error message, so
 * the checker can tell which run an outcome in the database came from. A run of a retry template
 * (`blockable`) blocks its process's event loop before it returns while a `block` fault is armed
 * (workerFaults.js), logging `blocked` first, and then returns "ok" whatever `failRate` says.
 */
const { randomBytes } = require('node:crypto');
const { openLog } = require('./log');
const { blockIfArmed } = require('./workerFaults');

let log = null;

/**
 * @param {{ taskId: string, attempt: number, fullName: string, signal: AbortSignal }} ctx the run's context
 * @param {{ failRate?: number, minMs?: number, maxMs?: number, blockable?: boolean }} [options]
 */
async function runChaosTask(ctx, { failRate = 0, minMs = 50, maxMs = 1500, blockable = false } = {}) {
  log ??= openLog(process.env.CHAOS_LOG_DIR, 'task');
  const token = randomBytes(6).toString('hex');
  const run = { taskId: ctx.taskId, attempt: ctx.attempt, fullName: ctx.fullName, token };
  log({ ev: 'begin', ...run });
  const { signal } = ctx;
  try {
    await new Promise((resolve, reject) => {
      const stop = () => { clearTimeout(timer); reject(signal.reason ?? new Error('aborted')); };
      const timer = setTimeout(() => { signal.removeEventListener('abort', stop); resolve(); }, minMs + Math.random() * (maxMs - minMs));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
  } catch (err) {
    log({ ev: 'abort', ...run, reason: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  const blockedMs = blockable ? blockIfArmed((ms) => log({ ev: 'blocked', ...run, ms })) : 0;
  if (blockedMs === 0 && Math.random() < failRate) {
    log({ ev: 'throw', ...run });
    throw new Error(`chaos failure ${token}`);
  }
  log({ ev: 'return', ...run });
  return { token, pid: process.pid };
}

module.exports = { runChaosTask };
