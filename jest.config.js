/** Jest runs the TypeScript sources directly; `tsc --noEmit` does the type checking. */
const path = require('node:path');
const { CHROMIUM_PATH, chromiumAvailable, browserTestFiles } = require('./test/support/browser');

// A fresh machine has no Chromium: its browser tests are skipped with one notice, as the
// PostgreSQL tests are, unless JITTASK_REQUIRE_BROWSER=1 (as in CI) makes a missing browser fail.
const skipped = [];
if (process.env.JITTASK_REQUIRE_BROWSER !== '1' && !chromiumAvailable()) {
  skipped.push(...browserTestFiles(path.join(__dirname, 'test')));
  if (skipped.length > 0) {
    process.stderr.write(
      `Chromium is not at ${CHROMIUM_PATH}: skipping ${skipped.length} browser test files. ` +
        'Install it (apt-get install chromium) or set JITTASK_CHROMIUM; JITTASK_REQUIRE_BROWSER=1 fails instead.\n',
    );
  }
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...skipped.map((file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^jittask$': '<rootDir>/src/index.ts' },
  globalSetup: '<rootDir>/test/globalSetup.js',
  testTimeout: 30000,
};
