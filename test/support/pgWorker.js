// One worker process of a PostgreSQL app: node pgWorker.js <appDir> <dataDir>, DATABASE_URL set.
// Prints each task event as a JSON line; SIGTERM closes the app (the CLI's shutdown path).
const { loadApp } = require('../../dist/index.js');

(async () => {
  const app = await loadApp(process.argv[2], { dataDir: process.argv[3] });
  const { service } = app.getElement('services.TaskSvc');
  const say = (line) => process.stdout.write(`${JSON.stringify({ ...line, pid: process.pid })}\n`);
  service.onEvent(say);
  await app.start();
  say({ kind: 'ready' });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
