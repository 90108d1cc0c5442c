/**
 * The cron workspace runs against the backend's sources (not its dist), like `tsconfig.json` and tsx do.
 * Tests use their own MariaDB database and Redis db index (test/support/env.ts).
 */
module.exports = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  moduleNameMapper: {
    '^@mall/backend$': '<rootDir>/../backend/src/index.ts',
    '^@mall/backend/dist/(.*)$': '<rootDir>/../backend/src/$1',
    '^@mall/migrations$': '<rootDir>/../migrations/src/index.ts',
  },
  testTimeout: 60000,
};
