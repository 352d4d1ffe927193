'use strict';
/**
 * Generates the apps the benchmarks load, under bench/.tmp. Both extend the jittask package by
 * name (it resolves to this checkout, whose package.json names it), as a host app would.
 */
const fs = require('node:fs');
const path = require('node:path');
const { freshDir } = require('./paths');

function write(dir, file, text) {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/**
 * An app with `configOnly` services that are pure configuration (a functionList and a config,
 * of one Type that has code) and `withCode` services with a `.js` module each.
 * @returns {string} the app's folder
 */
function writeLoadApp(name, { configOnly, withCode }) {
  const dir = freshDir(name);
  write(dir, 'app.yaml', 'appId: bench.Load\ntitle: Load benchmark\nextends: [jittask]\nsettings:\n  timezone: UTC\n');
  write(dir, 'elements/services/BenchType/e.yaml', 'title: Benchmark service type\ntype: services.NormalType\n');
  write(dir, 'elements/services/BenchType/index.js', 'module.exports = (Base) => class extends Base { ping(x) { return x; } };\n');
  for (let i = 0; i < configOnly; i++) {
    const n = String(i).padStart(4, '0');
    write(
      dir,
      `elements/services/cfg/Cfg${n}/e.yaml`,
      [
        `title: Configured service ${n}`,
        'type: services.BenchType',
        'functionList:',
        '  - name: ping',
        '    args: [{ name: x, dataType: Integer }]',
        'config:',
        `  index: ${i}`,
        `  label: cfg-${n}`,
        '  limits: { perMinute: 60, burst: [1, 2, 3] }',
        '',
      ].join('\n'),
    );
  }
  for (let i = 0; i < withCode; i++) {
    const n = String(i).padStart(3, '0');
    write(
      dir,
      `elements/services/code/Code${n}/e.yaml`,
      `title: Coded service ${n}\ntype: services.NormalType\nfunctionList:\n  - name: fn\n`,
    );
    write(dir, `elements/services/code/Code${n}/index.js`, 'module.exports = (Base) => class extends Base { fn() {} };\n');
  }
  return dir;
}

/** The fullName, funcName and taskType of the no-op template of {@link writeTaskApp}. */
const NOOP = { fullName: 'tasks.Noop', funcName: 'customFunc', taskType: 'tasks.NormalType' };

/**
 * An app with one disabled timer template whose Inner function does nothing, and the scheduler
 * settings of the task benchmarks. Disabled, so the engine writes no occurrence of its own.
 * @returns {string} the app's folder
 */
function writeTaskApp(name) {
  const dir = freshDir(name);
  write(
    dir,
    'app.yaml',
    [
      'appId: bench.Tasks',
      'title: Task engine benchmark',
      'extends: [jittask]',
      'settings:',
      '  timezone: UTC',
      '  scheduler: { concurrency: 200, batchSize: 500, pollInterval: 1 }',
      '',
    ].join('\n'),
  );
  writeNoop(dir);
  return dir;
}

/** The disabled no-op template {@link NOOP} (Inner function), which the task benchmarks create tasks of. */
function writeNoop(dir) {
  write(
    dir,
    'elements/tasks/Noop/e.yaml',
    'title: No-op\ntype: tasks.NormalType\nfuncType: Inner\nenable: 0\ntimerCfg:\n  startTime: "2025-01-01 00:00:00"\n',
  );
  write(dir, 'elements/tasks/Noop/index.js', 'exports.customFunc = () => null;\n');
}

/**
 * The app of {@link writeTaskApp} moved to PostgreSQL as the README's "Scaling out" says:
 * `databases.Default` overridden by a `databases.PgSqlType` at `{{DATABASE_URL}}`, which each
 * process takes from its environment. Scheduler settings of the multi-process benchmark, tuned as
 * pg-boss's side was (its best of 1–16 loops × 100–1,000 was 4 × 500): claims of 500, as its
 * fetches, and 1,000 runs at a time, so that one batch is claimed while the last one is ending.
 * Tried with 10,000 tasks, 1 and 2 processes: concurrency/batchSize 100/200, 500/500, 1,000/500,
 * 1,000/1,000 and 2,000/500 (bench/pg.bench.js's `about` says so too); 1,000/500 was best for both.
 * @returns {string} the app's folder
 */
function writePgApp(name) {
  const dir = freshDir(name);
  write(
    dir,
    'app.yaml',
    [
      'appId: bench.PgTasks',
      'title: Task engine benchmark on PostgreSQL',
      'extends: [jittask]',
      'settings:',
      '  timezone: UTC',
      '  scheduler: { concurrency: 1000, batchSize: 500, pollInterval: 1 }',
      '',
    ].join('\n'),
  );
  write(
    dir,
    'elements/databases/Default/e.yaml',
    'title: Shared PostgreSQL database\ntype: databases.PgSqlType\nconfig: { url: "{{DATABASE_URL}}" }\n',
  );
  writeNoop(dir);
  return dir;
}

/** The models and date-field template of {@link writeDateFieldApp}. */
const DATE_FIELD = { followed: 'models.Meeting', plain: 'models.Plain', template: 'tasks.Reminder' };

/**
 * An app (SQLite default database) with two models of the same fields (title, startTime Datetime,
 * status), `models.Meeting` and `models.Plain`, and, `withTemplate`, a date-field template
 * `tasks.Reminder` on `models.Meeting` only: an Inner no-op 15 minutes before each confirmed
 * meeting. Both variants have one appId, so the one with the template is the same app's next
 * version, started on the other's data.
 * @returns {string} the app's folder
 */
function writeDateFieldApp(name, { withTemplate }) {
  const dir = freshDir(name);
  write(dir, 'app.yaml', 'appId: bench.DateField\ntitle: Date-field benchmark\nextends: [jittask]\nsettings:\n  timezone: UTC\n');
  const fields = [
    'fields:',
    '  - { name: title, title: Title, dataType: Stext }',
    '  - { name: startTime, title: Starts at, dataType: Datetime }',
    '  - { name: status, title: Status, dataType: Stext }',
    '',
  ].join('\n');
  write(dir, 'elements/models/Meeting/e.yaml', `title: Meeting\ntype: models.NormalType\n${fields}`);
  write(dir, 'elements/models/Plain/e.yaml', `title: Meeting without date-field tasks\ntype: models.NormalType\n${fields}`);
  if (withTemplate) {
    write(
      dir,
      'elements/tasks/Reminder/e.yaml',
      [
        'title: Meeting reminder',
        'type: tasks.DateFieldType',
        'modelPath: models.Meeting',
        'funcType: Inner',
        'filter: { status: confirmed }',
        'timerCfg:',
        '  startField: startTime',
        '  startOffset: { offsetType: -1, offset: 15, offsetUnit: minute }',
        '  repeat: { repeatType: normal }',
        '',
      ].join('\n'),
    );
    write(dir, 'elements/tasks/Reminder/index.js', 'exports.customFunc = () => null;\n');
  }
  return dir;
}

module.exports = { writeLoadApp, writeTaskApp, writePgApp, writeDateFieldApp, NOOP, DATE_FIELD };
