'use strict';
/**
 * Generates the app a chaos run works on: short timer tasks (one template without retries, two
 * with: one a second later, one at once), repeating templates every minute (staggered within the
 * minute), and a date-field template
 * on a model whose rows the workload creator edits. It extends the jittask package by relative
 * path, and on PostgreSQL overrides `databases.Default` as the README's "Scaling out" says.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * The jittask package under test: this checkout, or the folder in CHAOS_JITTASK_ROOT (run.js's
 * `--package`), e.g. a build of another commit, so that a run can measure it before a change.
 */
function jittaskRoot() {
  return path.resolve(process.env.CHAOS_JITTASK_ROOT ?? path.join(__dirname, '..'));
}

/** The package's compiled entry, which the worker and the creator load. */
function jittaskEntry() {
  return path.join(jittaskRoot(), 'dist', 'index.js');
}
/** Lease and poll settings short enough for faults to bite within a run of a minute. */
const LEASE_SECONDS = 3;
const SHUTDOWN_GRACE_SECONDS = 3;
/** The templates, by what the workload does with them. */
const TEMPLATES = {
  short: 'tasks.Short',
  retry: 'tasks.Retry',
  retryNow: 'tasks.RetryNow',
  series: ['tasks.Every05', 'tasks.Every25', 'tasks.Every45'],
  reminder: 'tasks.Reminder',
  model: 'models.Meeting',
};

function write(dir, file, text) {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** The module of an Inner template: every one runs {@link runChaosTask} with its own options. */
function taskModule(options) {
  return [
    `const { runChaosTask } = require(${JSON.stringify(path.join(__dirname, 'taskBody.js'))});`,
    `const { currentTask } = require(${JSON.stringify(jittaskEntry())});`,
    // Date-field functions get the row first; the context is the second argument either way.
    `exports.customFunc = (args, ctx) => runChaosTask(ctx ?? currentTask(), ${JSON.stringify(options)});`,
    '',
  ].join('\n');
}

/**
 * Writes the app into `dir` (which must exist and be empty).
 * @param {string} dir
 * @param {'sqlite' | 'pg'} backend
 */
function writeChaosApp(dir, backend) {
  write(dir, 'app.yaml', [
    'appId: chaos.Run',
    'title: Chaos run',
    `extends: [${JSON.stringify(path.relative(dir, jittaskRoot()))}]`,
    'settings:',
    '  timezone: UTC',
    `  scheduler: { pollInterval: 0.5, leaseSeconds: ${LEASE_SECONDS}, concurrency: 20, batchSize: 20, shutdownGraceSeconds: ${SHUTDOWN_GRACE_SECONDS} }`,
    '',
  ].join('\n'));
  if (backend === 'pg') {
    write(dir, 'elements/databases/Default/e.yaml', 'title: Shared PostgreSQL database\ntype: databases.PgSqlType\nconfig: { url: "{{DATABASE_URL}}" }\n');
  }
  // Disabled: these templates have only the timer tasks the creator makes.
  write(dir, 'elements/tasks/Short/e.yaml', 'title: Short task\ntype: tasks.NormalType\nfuncType: Inner\nenable: 0\ntimerCfg: { startTime: "2024-01-01 00:00:00" }\n');
  write(dir, 'elements/tasks/Short/index.js', taskModule({ minMs: 50, maxMs: 1500 }));
  write(dir, 'elements/tasks/Retry/e.yaml', 'title: Task with retries\ntype: tasks.NormalType\nfuncType: Inner\nenable: 0\nretry: { maxAttempts: 3, backoffSeconds: 1 }\ntimerCfg: { startTime: "2024-01-01 00:00:00" }\n');
  write(dir, 'elements/tasks/Retry/index.js', taskModule({ minMs: 50, maxMs: 2500, failRate: 0.3, blockable: true }));
  write(dir, 'elements/tasks/RetryNow/e.yaml', 'title: Task retried at once\ntype: tasks.NormalType\nfuncType: Inner\nenable: 0\nretry: { maxAttempts: 3, backoffSeconds: 0 }\ntimerCfg: { startTime: "2024-01-01 00:00:00" }\n');
  write(dir, 'elements/tasks/RetryNow/index.js', taskModule({ minMs: 50, maxMs: 2500, failRate: 0.3, blockable: true }));
  for (const fullName of TEMPLATES.series) {
    const name = fullName.split('.')[1];
    const second = name.slice(-2);
    write(dir, `elements/tasks/${name}/e.yaml`, [
      `title: Every minute at :${second}`,
      'type: tasks.NormalType',
      'funcType: Inner',
      'timerCfg:',
      `  startTime: "2024-01-01 00:00:${second}"`,
      '  repeat: { repeatType: minute, period: 1 }',
      '',
    ].join('\n'));
    write(dir, `elements/tasks/${name}/index.js`, taskModule({ minMs: 200, maxMs: 2000 }));
  }
  write(dir, 'elements/models/Meeting/e.yaml', [
    'title: Meeting',
    'type: models.NormalType',
    'fields:',
    '  - { name: title, title: Title, dataType: Stext }',
    '  - { name: startTime, title: Starts at, dataType: Datetime }',
    '',
  ].join('\n'));
  write(dir, 'elements/tasks/Reminder/e.yaml', [
    'title: Meeting reminder',
    'type: tasks.DateFieldType',
    'modelPath: models.Meeting',
    'funcType: Inner',
    'timerCfg:',
    '  startField: startTime',
    '  startOffset: { offsetType: 0, offset: 0, offsetUnit: minute }',
    '  repeat: { repeatType: normal }',
    '',
  ].join('\n'));
  write(dir, 'elements/tasks/Reminder/index.js', taskModule({ minMs: 50, maxMs: 1000 }));
}

module.exports = { writeChaosApp, jittaskEntry, TEMPLATES, LEASE_SECONDS, SHUTDOWN_GRACE_SECONDS };
