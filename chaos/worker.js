'use strict';
/**
 * A worker of a chaos run: `node chaos/worker.js <appDir> <dataDir> <logDir>` (DATABASE_URL in the
 * environment on PostgreSQL). Loads the app, logs every scheduler event (including kinds it does
 * not know), starts the scheduler and runs until SIGTERM, then closes the app and exits.
 */
const { openLog } = require('./log');
const { jittaskEntry } = require('./app');
const { installWorkerFaults } = require('./workerFaults');

const [appDir, dataDir, logDir] = process.argv.slice(2);
process.env.CHAOS_LOG_DIR = logDir;
const log = openLog(logDir, 'worker');
installWorkerFaults(log);
const { loadApp } = require(jittaskEntry());

async function main() {
  const app = await loadApp(appDir, { dataDir });
  const { service } = app.getElement('services.TaskSvc');
  log({ ev: 'up', workerId: service.workerId });
  // Subscribed before the start, so the first claims' events are in the log too.
  service.onEvent((e) => log({ ev: 'event', ...e }));
  let closing = null;
  process.on('SIGTERM', () => {
    closing ??= (async () => {
      log({ ev: 'stopping' });
      await app.close();
      log({ ev: 'closed' });
      process.exit(0);
    })().catch((err) => {
      console.error(err);
      process.exit(1);
    });
  });
  await app.start();
  log({ ev: 'started' });
}

main().catch((err) => {
  console.error(err);
  log({ ev: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
