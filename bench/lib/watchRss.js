'use strict';
/** Memory sampling shared by the workers of the memory benchmark (jittask's and node-schedule's). */
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');

const MB = 2 ** 20;

/**
 * Samples this process's RSS every 100 ms for `watchMs`.
 * @returns {Promise<{ afterLoad: number, peak: number, heap: number }>} MB: RSS at the start, its peak, and the heap used at the end
 */
async function watchRss(watchMs) {
  const afterLoad = process.memoryUsage().rss / MB;
  let peak = afterLoad;
  const end = performance.now() + watchMs;
  while (performance.now() < end) {
    await sleep(100);
    peak = Math.max(peak, process.memoryUsage().rss / MB);
  }
  return { afterLoad, peak, heap: process.memoryUsage().heapUsed / MB };
}

module.exports = { watchRss };
