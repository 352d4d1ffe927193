'use strict';
/**
 * `sse.js <appDir> <dataDir> <streams> <n>`: n no-op tasks due at one instant run to completion
 * while `streams` dashboard event streams are open (read by another process, `sseClients.js`),
 * served by `createHttpHandler` in this process. Prints `{ perSec, seconds, writes, dropped, bytes }`.
 */
const fs = require('node:fs');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { NOOP } = require('../lib/apps');
const { startWorker } = require('../lib/child');

const { createHttpHandler, loadApp } = require('../../dist/index.js');
const { newTaskId } = require('../../dist/tasks/newTaskId');
const { openTaskStore } = require('../../dist/tasks/store/openTaskStore');

const [appDir, dataDir, streamsText, nText] = process.argv.slice(2);
const streams = Number(streamsText);
const n = Number(nText);

async function main() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const app = await loadApp(appDir, { dataDir, start: false });
  const service = app.getElement('services.TaskSvc').service;
  const store = openTaskStore(app.getElement('databases.Default'));
  const due = Date.now();
  const now = Date.now();
  await store.insert(
    Array.from({ length: n }, (_, i) => ({
      taskId: newTaskId(),
      ...NOOP,
      argDict: { i },
      dueAt: due,
      origin: 'manual',
      attempt: 1,
      createdAt: now,
    })),
  );
  const handler = createHttpHandler(app, { maxEventStreams: Math.max(streams, 1) });
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/dashboard/api/events`;
  const clients = streams > 0 ? startWorker('sseClients.js', [url, streams]) : null;
  if (clients) await clients.next('ready', 60_000);

  let ended = 0;
  let allEnded;
  const finished = new Promise((resolve) => {
    allEnded = resolve;
  });
  service.onEvent((e) => {
    if (e.kind === 'ended' && ++ended === n) allEnded();
  });
  const t0 = performance.now();
  await app.start();
  const limit = sleep(300_000, undefined, { ref: false }).then(() => {
    throw new Error(`only ${ended} of ${n} tasks ended in 300 s`);
  });
  await Promise.race([finished, limit]);
  const ms = performance.now() - t0;
  // A handler without stream books (an older jittask, for comparison) reports none.
  const { writes = null, dropped = 0 } = handler.eventStreams?.() ?? {};
  const done = clients ? await clients.finish() : { bytes: 0 };
  handler.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  console.log(JSON.stringify({ perSec: n / (ms / 1000), seconds: ms / 1000, writes, dropped, bytes: done.bytes }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
