/**
 * Projects:
 *  - unit: pure code beside the sources (src/**\/*.test.ts)
 *  - integration: API, driver and platform tests against real MariaDB and Redis (test/**, not race)
 *  - sqlite: the functional API suite again on SQLite with memory drivers (test/api/**)
 *  - race: concurrency and fault suites on MariaDB and Redis; run alone, in band (npm run test:race)
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];
const base = {
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  moduleNameMapper: { '^@mall/migrations$': '<rootDir>/../migrations/src/index.ts' },
};
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/race/'],
      setupFiles: ['<rootDir>/test/support/env-mysql.ts'],
    },
    {
      ...base,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/test/api/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/env-sqlite.ts'],
    },
    {
      ...base,
      displayName: 'race',
      testMatch: ['<rootDir>/test/race/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/env-mysql.ts'],
    },
  ],
  testTimeout: 60000,
};
