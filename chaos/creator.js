'use strict';
/**
 * The workload of a chaos run: `node chaos/creator.js <appDir> <dataDir> <logDir>`. Until SIGTERM
 * it keeps creating short timer tasks through `services.TaskSvc.createTimerTasks` (logging every
 * taskId it was given back) and creates, moves and deletes rows of the date-field model. It does
 * not run the scheduler. A failed call (the database is being faulted) is logged and the loop goes
 * on: a batch whose answer was lost may have been written, but was never logged as created.
 */
const { setTimeout: sleep } = require('node:timers/promises');
const { openLog } = require('./log');
const { TEMPLATES, jittaskEntry } = require('./app');

const [appDir, dataDir, logDir] = process.argv.slice(2);
const log = openLog(logDir, 'creator');
const { loadApp } = require(jittaskEntry());

const BATCH_EVERY_MS = 250;
const ROW_EVERY_MS = 700;

function spec(fullName, dueAt, i) {
  return { fullName, startTime: new Date(dueAt).toISOString(), funcName: 'customFunc', taskType: 'tasks.NormalType', argDict: { i } };
}

async function createBatch(svc, i) {
  const now = Date.now();
  const specs = [0, 1, 2].map((k) => spec(TEMPLATES.short, now + Math.random() * 3000, i + k));
  specs.push(spec(TEMPLATES.retry, now + Math.random() * 3000, i + 3));
  specs.push(spec(TEMPLATES.retryNow, now + Math.random() * 3000, i + 4));
  const created = await svc.createTimerTasks(specs);
  log({ ev: 'created', taskIds: created.map((c) => c.taskId) });
}

/** Creates a meeting, moves one, or deletes one; a meeting starts 3 to 15 s from now. */
async function editRow(model, ids, i) {
  const startTime = () => new Date(Date.now() + 3000 + Math.random() * 12_000).toISOString();
  const pick = Math.random();
  if (ids.length < 5 || pick < 0.5) {
    const row = await model.create({ title: `meeting ${i}`, startTime: startTime() });
    ids.push(row.id);
    log({ ev: 'row', op: 'create', id: row.id });
  } else if (pick < 0.85) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    await model.update(id, { startTime: startTime() });
    log({ ev: 'row', op: 'update', id });
  } else {
    const id = ids.splice(Math.floor(Math.random() * ids.length), 1)[0];
    await model.delete(id);
    log({ ev: 'row', op: 'delete', id });
  }
}

async function main() {
  const app = await loadApp(appDir, { dataDir });
  const svc = app.getElement('services.TaskSvc');
  const model = app.getElement(TEMPLATES.model);
  let stopping = false;
  process.on('SIGTERM', () => { stopping = true; });
  log({ ev: 'up' });
  const ids = [];
  let lastRow = 0;
  for (let i = 0; !stopping; i += 5) {
    try {
      await createBatch(svc, i);
    } catch (err) {
      log({ ev: 'createFailed', message: err instanceof Error ? err.message : String(err) });
    }
    if (Date.now() - lastRow >= ROW_EVERY_MS) {
      lastRow = Date.now();
      try {
        await editRow(model, ids, i);
      } catch (err) {
        log({ ev: 'rowFailed', message: err instanceof Error ? err.message : String(err) });
      }
    }
    await sleep(BATCH_EVERY_MS);
  }
  await app.close();
  log({ ev: 'closed' });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  log({ ev: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
