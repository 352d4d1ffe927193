'use strict';
/**
 * The faults that act inside a worker process, armed by the coordinator with a signal (see
 * faults.js): the worker calls {@link installWorkerFaults} at start, and the task functions
 * (taskBody.js) ask what to do. One module instance per worker: the worker and the task modules
 * load this same file.
 *
 * `block`: for BLOCK_WINDOW_MS after BLOCK_SIGNAL, every run of a retry template that gets to its
 * end blocks the event loop for 1.05 to 1.4 leases, then returns "ok". Just past a lease: the
 * process wakes about when the others may first reap its run, so its own first pass races theirs.
 */
const { LEASE_SECONDS } = require('./app');

const LEASE_MS = LEASE_SECONDS * 1000;
const BLOCK_SIGNAL = 'SIGUSR2';
const BLOCK_WINDOW_MS = 2 * LEASE_MS;

let blockUntil = -Infinity;

/**
 * Arms the worker's faults; `log` writes a fact to the worker's log. Until the `faultsReady` fact
 * is there, BLOCK_SIGNAL would end the process (its default action): faults.js waits for it.
 */
function installWorkerFaults(log) {
  process.on(BLOCK_SIGNAL, () => {
    blockUntil = Date.now() + BLOCK_WINDOW_MS;
    log({ ev: 'blockArmed', until: blockUntil });
  });
  log({ ev: 'faultsReady' });
}

/**
 * If a `block` fault is armed, blocks the event loop (a busy wait) for 1.05 to 1.4 leases and returns
 * its length in ms, after `before(ms)` (which logs it: the log line must precede the block, in
 * case the process is killed during it); else returns 0 at once.
 */
function blockIfArmed(before) {
  if (Date.now() >= blockUntil) return 0;
  const ms = Math.round(LEASE_MS * (1.05 + Math.random() * 0.35));
  before(ms);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // CPU-bound task code: nothing else in this process runs meanwhile.
  }
  return ms;
}

module.exports = { installWorkerFaults, blockIfArmed, BLOCK_SIGNAL, BLOCK_WINDOW_MS };
