/**
 * The import rules of src (see README "Architecture"): `db` sits at the bottom and knows only
 * `errors`; `runtime` loads elements without knowing tasks or models; `models` publish row changes
 * through the app's row hooks instead of calling the task service. `npm run depcheck` checks them.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle of runtime imports: modules that load each other half-initialised. Type-only imports vanish when compiled and do not count.',
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
      name: 'runtime-not-tasks-or-models',
      severity: 'error',
      comment: 'src/runtime loads any element family: it must not know the tasks or models families.',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(tasks|models)/' },
    },
    {
      name: 'models-not-tasks',
      severity: 'error',
      comment: 'Models publish row changes through app.rowHooks; the task service subscribes. Models never import tasks.',
      from: { path: '^src/models/' },
      to: { path: '^src/tasks/' },
    },
  ],
  options: {
    // Type-only imports are seen, so a layer rule holds for types too; the cycle rule skips them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
