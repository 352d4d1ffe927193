'use strict';
/**
 * `npm run bench`: builds the package, runs every bench/<name>.bench.js (or only those named:
 * `node bench/run.js load create`), prints their tables and rewrites bench/RESULTS.md.
 */
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { renderTable } = require('./lib/report');
const { ROOT } = require('./lib/paths');

/** Benchmarks in the order they run and appear in RESULTS.md. */
const ALL = [
  'load',
  'getElement',
  'create',
  'throughput',
  'lateness',
  'memory',
  'startRss',
  'pg',
  'dateField',
  'http',
  'sse',
  'query',
  'floor',
];

function gitRevision() {
  try {
    const rev = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- src elements', { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${rev} with uncommitted changes in src/ or elements/` : rev;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !ALL.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
    process.exit(2);
  }
  const names = wanted.length > 0 ? ALL.filter((n) => wanted.includes(n)) : ALL;

  // The benchmarks load dist/: build it so the figures belong to the current source.
  console.log('building dist/ (tsc -p tsconfig.build.json)…');
  execSync('npx tsc -p tsconfig.build.json', { cwd: ROOT, stdio: 'inherit' });

  const started = new Date();
  const t0 = performance.now();
  const sections = [];
  let failed = false;
  for (const name of names) {
    console.log(`\n## ${name}`);
    const t = performance.now();
    let rows;
    const bench = require(`./${name}.bench.js`);
    try {
      rows = await bench.run();
    } catch (err) {
      failed = true;
      console.error(err);
      rows = [{ measure: name, error: err instanceof Error ? err.message : String(err) }];
    }
    const seconds = (performance.now() - t) / 1000;
    const table = renderTable(rows);
    console.log(`${table}\n(${seconds.toFixed(0)} s)`);
    sections.push({ name, title: bench.title, about: bench.about, rows, table, seconds });
  }
  const total = (performance.now() - t0) / 1000;

  const cpus = os.cpus();
  const command = wanted.length > 0 ? `node bench/run.js ${wanted.join(' ')}` : 'npm run bench';
  const missed = sections.flatMap((s) =>
    s.rows.filter((r) => r.met === false || r.error).map((r) => `${s.title ?? s.name}: ${r.measure}${r.error ? ' (failed)' : ''}`),
  );
  const md = [
    '# Benchmark results',
    '',
    'Written by `bench/run.js`; do not edit by hand. bench/README.md says what each benchmark measures.',
    '',
    `- Command: \`${command}\``,
    `- Date: ${started.toISOString()}`,
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()} (shared and noisy: compare the ratios, measured side by side)`,
    `- Node.js ${process.version}; jittask at ${gitRevision()}`,
    `- Wall time: ${total.toFixed(0)} s`,
    '',
    'Each figure is the median of the repetitions listed under Runs. Ratio = jittask ÷ the comparison, per repetition, then the median.',
    '',
    ...(missed.length > 0 ? ['**Goals missed:**', '', ...missed.map((m) => `- ${m}`), ''] : ['All goals met.', '']),
  ];
  for (const s of sections) {
    md.push(`## ${s.title ?? s.name}`, '');
    if (s.about) md.push(s.about, '');
    md.push(s.table, '', `(${s.seconds.toFixed(0)} s)`, '');
  }
  fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md.join('\n'));
  console.log(`\nwrote bench/RESULTS.md (${total.toFixed(0)} s)`);
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
