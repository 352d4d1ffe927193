/**
 * The import rules of src (see README "Architecture"): `db` sits at the bottom and knows only
 * `errors`; `runtime` loads elements without knowing tasks or models; `models` publish row changes
 * through the app's row hooks instead of calling the task service; the task wing is entered by its
 * front door (src/tasks/index.ts), and inside it reads (queries) and writes (store) stay apart.
 * `npm run depcheck` checks them. A property chain (`engine.store`) is invisible here:
 * test/architecture/noStoreReach.test.ts looks for those.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle of runtime imports: modules that load each other half-initialised. Type-only imports vanish when compiled and do not count.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'db-imports-only-errors',
      severity: 'error',
      comment: 'src/db is the bottom layer: it imports nothing from src but src/errors.',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: ['^src/db/', '^src/errors/'] },
    },
    {
      name: 'log-imports-only-errors',
      severity: 'error',
      comment: 'src/log is used by every layer (the engine, the CLI, HTTP): it imports nothing from src but src/errors.',
      from: { path: '^src/log/' },
      to: { path: '^src/', pathNot: ['^src/log/', '^src/errors/'] },
    },
    {
      name: 'runtime-imports-no-family',
      severity: 'error',
      comment:
        "src/runtime loads any element family: it knows none of them, and a family checks its own definitions (validateDefine). Exception: app.newVariable (JitAi's API) builds the services family's data type objects.",
      from: { path: '^src/runtime/', pathNot: '^src/runtime/(newVariable|App)\\.ts$' },
      to: { path: '^src/(services|tasks|models|databases|events|http|cli)/' },
    },
    {
      name: 'runtime-newVariable-only-data-types',
      severity: 'error',
      comment: "app.newVariable reaches the services family's data types, nothing else of any family.",
      from: { path: '^src/runtime/(newVariable|App)\\.ts$' },
      to: { path: ['^src/(tasks|models|databases|events|http|cli)/', '^src/services/(ServiceElement|invokeDeclaredFunction)\\.ts$'] },
    },
    {
      name: 'json-imports-nothing',
      severity: 'error',
      comment: 'src/json (plain JSON values) sits below every family: it imports nothing from src.',
      from: { path: '^src/json/' },
      to: { path: '^src/', pathNot: '^src/json/' },
    },
    {
      name: 'models-not-tasks',
      severity: 'error',
      comment: 'Models publish row changes through app.rowHooks; the task service subscribes. Models never import tasks.',
      from: { path: '^src/models/' },
      to: { path: '^src/tasks/' },
    },
    {
      name: 'tasks-front-door',
      severity: 'error',
      comment:
        'HTTP, the CLI and the public exports (which the built-in elements require) take the task wing from its front door, src/tasks/index.ts, only.',
      from: { path: ['^src/http/', '^src/cli/', '^src/index\\.ts$'] },
      to: { path: '^src/tasks/', pathNot: '^src/tasks/index\\.ts$' },
    },
    {
      name: 'tasks-inside-stays-inside',
      severity: 'error',
      comment:
        "The scheduler, the write path, the read model and their SQL are the task wing's own: nothing outside src/tasks imports them.",
      from: { pathNot: '^src/tasks/' },
      to: { path: ['^src/tasks/(engine|store|queries|sql)/', '^src/tasks/TaskEngine\\.ts$'] },
    },
    {
      name: 'reads-apart-from-writes',
      severity: 'error',
      comment: 'The read model (src/tasks/queries) knows nothing of the write path or the scheduler.',
      from: { path: '^src/tasks/queries/' },
      to: { path: ['^src/tasks/(store|engine)/', '^src/tasks/TaskEngine\\.ts$'] },
    },
    {
      name: 'writes-apart-from-reads',
      severity: 'error',
      comment:
        'The operations of the write path (src/tasks/store) read through their own statements, inside their transaction; only the assembly (openTaskStore) hands the read model to the listener of PostgreSQL.',
      from: { path: '^src/tasks/store/', pathNot: '^src/tasks/store/openTaskStore\\.ts$' },
      to: { path: ['^src/tasks/queries/', '^src/tasks/engine/', '^src/tasks/TaskEngine\\.ts$'] },
    },
    {
      name: 'sql-shared-only',
      severity: 'error',
      comment: 'src/tasks/sql is what the read model and the write path share: it imports neither, nor the scheduler.',
      from: { path: '^src/tasks/sql/' },
      to: { path: ['^src/tasks/(store|queries|engine)/', '^src/tasks/TaskEngine\\.ts$'] },
    },
  ],
  options: {
    // Type-only imports are seen, so a layer rule holds for types too; the cycle rule skips them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
