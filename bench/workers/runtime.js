'use strict';
/**
 * Runtime benchmarks, one fresh process per call (nothing cached from an earlier load).
 *   load <appDir> <dataDir>                 require + loadApp + getElement on every instance
 *   getElement <appDir> <dataDir> <reps>    cached getElement next to Map.get, same names
 */
const { performance } = require('node:perf_hooks');

const [mode, appDir, dataDir, repsArg] = process.argv.slice(2);

/** Every Instance the app exposes. */
function instanceNames(app) {
  return app
    .allRecords()
    .filter((r) => r.kind === 'Instance' && r.visible)
    .map((r) => r.fullName);
}

async function load() {
  const t0 = performance.now();
  const { loadApp } = require('../../dist/index.js');
  const t1 = performance.now();
  const app = await loadApp(appDir, { dataDir });
  const t2 = performance.now();
  const names = instanceNames(app);
  for (const name of names) app.getElement(name);
  const t3 = performance.now();
  await app.close();
  return { requireMs: t1 - t0, loadAppMs: t2 - t1, resolveMs: t3 - t2, instances: names.length };
}

async function getElement() {
  const { loadApp } = require('../../dist/index.js');
  const app = await loadApp(appDir, { dataDir });
  const names = instanceNames(app);
  const map = new Map(names.map((n) => [n, app.getElement(n)]));
  const rounds = 200;
  const slice = 10; // rounds timed at a stretch, alternating between the two loops
  const calls = rounds * names.length;
  const getElementNs = [];
  const mapGetNs = [];
  let hits = 0; // used afterwards, so neither loop can be optimised away
  // Repetitions -3 to -1 warm both loops up (JIT) and are not recorded. Within a repetition the
  // two loops take turns every `slice` rounds, so a pause of the shared machine falls on both
  // alike instead of on whichever ran during it.
  for (let rep = -3; rep < Number(repsArg); rep++) {
    let getElementTime = 0;
    let mapGetTime = 0;
    for (let done = 0; done < rounds; done += slice) {
      let t = performance.now();
      for (let r = 0; r < slice; r++) for (const n of names) if (app.getElement(n)) hits++;
      getElementTime += performance.now() - t;
      t = performance.now();
      for (let r = 0; r < slice; r++) for (const n of names) if (map.get(n)) hits++;
      mapGetTime += performance.now() - t;
    }
    if (rep < 0) continue;
    getElementNs.push((getElementTime * 1e6) / calls);
    mapGetNs.push((mapGetTime * 1e6) / calls);
  }
  await app.close();
  return { getElementNs, mapGetNs, names: names.length, calls, hits };
}

const modes = { load, getElement };
modes[mode]().then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
