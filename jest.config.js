/** Jest runs the TypeScript sources directly; `tsc --noEmit` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^jittask$': '<rootDir>/src/index.ts' },
  globalSetup: '<rootDir>/test/globalSetup.js',
  testTimeout: 30000,
};
