'use strict';
/**
 * The memory goal of the start-up issue: the RSS of a process that has required jittask and
 * started an SQLite app, at most 1.25× that of a bare better-sqlite3 process measured alongside.
 * Each repetition runs, in fresh processes taking turns at going first: bare better-sqlite3; an
 * app of `.js` modules; an app of `.ts` modules whose transpiled output is not cached yet (the
 * TypeScript compiler loads) and the same app again (cached: it does not); and the floor, the
 * packages jittask loads without jittask's code.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { writeTaskApp } = require('./lib/apps');
const { runWorker } = require('./lib/child');
const { freshDir, TMP } = require('./lib/paths');
const { summarize } = require('./lib/report');

const REPS = 5;
/** How long each process runs after its start before its RSS is read. */
const WAIT_MS = 2000;
const GOAL = 1.25;

/**
 * An app like {@link writeTaskApp}'s whose modules are TypeScript: a service with typed methods
 * and the no-op template's Inner function. `nonce` goes into a comment of each module: a new one
 * gives the modules a content the transpile cache has not seen.
 */
function writeTsApp(dir, nonce) {
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('app.yaml', 'appId: bench.TsTasks\ntitle: TypeScript app\nextends: [jittask]\nsettings:\n  timezone: UTC\n');
  write(
    'elements/services/Greeter/e.yaml',
    'title: Greeter\ntype: services.NormalType\nfunctionList:\n  - name: hello\n    args: [{ name: name, dataType: Stext }]\n',
  );
  write(
    'elements/services/Greeter/index.ts',
    [
      `// ${nonce}`,
      "import type { ServiceElement } from 'jittask';",
      '',
      'export default (Base: typeof ServiceElement) =>',
      '  class Greeter extends Base {',
      '    async hello(name: string): Promise<string> {',
      '      return `hello ${name}`;',
      '    }',
      '  };',
      '',
    ].join('\n'),
  );
  write(
    'elements/tasks/Noop/e.yaml',
    'title: No-op\ntype: tasks.NormalType\nfuncType: Inner\nenable: 0\ntimerCfg:\n  startTime: "2025-01-01 00:00:00"\n',
  );
  write(
    'elements/tasks/Noop/index.ts',
    `// ${nonce}\nexport function customFunc(args: Record<string, unknown>): null {\n  return args ? null : null;\n}\n`,
  );
}

async function run() {
  const jsApp = writeTaskApp('start-rss-js');
  const tsApp = freshDir('start-rss-ts');
  const data = (name) => path.join(TMP, `start-rss-data-${name}`);
  const jittask = (app, name) => runWorker('startRss.js', ['jittask', app, data(name), WAIT_MS]);
  const runs = { bare: [], js: [], tsCold: [], tsWarm: [], deps: [] };
  // Both apps' databases are created (and migrated) once, before timing: every measured start is a restart.
  for (const name of ['js', 'ts']) fs.rmSync(data(name), { recursive: true, force: true });
  jittask(jsApp, 'js');
  writeTsApp(tsApp, 'warm-up');
  jittask(tsApp, 'ts');
  for (let i = 0; i < REPS; i++) {
    // Modules the cache has not seen, so the first start of this repetition compiles them.
    writeTsApp(tsApp, `repetition ${i}: ${randomUUID()}`);
    const measures = [
      () => runs.bare.push(runWorker('startRss.js', ['bare', WAIT_MS]).rss),
      () => runs.js.push(jittask(jsApp, 'js').rss),
      () => {
        const cold = jittask(tsApp, 'ts');
        const warm = jittask(tsApp, 'ts');
        if (!cold.compiler || warm.compiler)
          throw new Error(
            `the TypeScript compiler was ${cold.compiler ? '' : 'not '}loaded by the first start and ${warm.compiler ? '' : 'not '}by the second`,
          );
        runs.tsCold.push(cold.rss);
        runs.tsWarm.push(warm.rss);
      },
      () => runs.deps.push(runWorker('startRss.js', ['deps', WAIT_MS]).rss),
    ];
    // Taking turns at going first: a slow spell of the shared machine does not always fall on one side.
    if (i % 2 === 1) measures.reverse();
    for (const measure of measures) measure();
    console.log(
      `repetition ${i + 1}: bare ${runs.bare[i].toFixed(1)} MB, .js app ${runs.js[i].toFixed(1)} MB, .ts app ${runs.tsCold[i].toFixed(1)} / ${runs.tsWarm[i].toFixed(1)} MB, floor ${runs.deps[i].toFixed(1)} MB`,
    );
  }
  for (const name of ['js', 'ts']) fs.rmSync(data(name), { recursive: true, force: true });

  const vs = { label: 'bare better-sqlite3', runs: runs.bare };
  const goal = { text: `≤ ${GOAL}×`, met: (_median, ratio) => ratio <= GOAL };
  return [
    summarize({ measure: 'RSS, app of .js modules started', unit: 'MB', runs: runs.js, vs, goal }),
    summarize({ measure: 'RSS, app of .ts modules started, transpiled output cached', unit: 'MB', runs: runs.tsWarm, vs, goal }),
    summarize({
      measure: 'RSS, app of .ts modules started, first start (the TypeScript compiler loads)',
      unit: 'MB',
      runs: runs.tsCold,
      vs,
      goal,
    }),
    summarize({
      measure:
        'RSS, the floor: the packages jittask loads (better-sqlite3, luxon and Intl, inversify, ajv, js-yaml, reflect-metadata, @opentelemetry/api), no jittask code',
      unit: 'MB',
      runs: runs.deps,
      vs,
    }),
  ];
}

module.exports = {
  title: 'Resident memory of a started SQLite app',
  about: `MB = MiB (2^20 bytes) of resident set size, as \`process.memoryUsage().rss\` reports it ${WAIT_MS / 1000} s after the start, each in a fresh process. jittask's: \`require\` of dist/, \`loadApp\`, the scheduler started as \`jittask run\` starts it. The comparison: \`require('better-sqlite3')\` and an in-memory database with one table and one row. Transpiled \`.ts\` modules are cached in \`<tmpdir>/jittask-ts-<uid>\`; each repetition gives the modules a new content, so its first start compiles them and its second does not.`,
  run,
};
