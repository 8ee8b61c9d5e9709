// Shared jest settings for every workspace. Workspace packages resolve to their
// TypeScript sources so tests never depend on a previous build.
const path = require('node:path');

module.exports = function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
    },
    moduleNameMapper: {
      '^@referral/([a-z-]+)$': path.join(__dirname, 'packages/$1/src'),
    },
    testTimeout: 60_000,
    // A leaked handle must not hang CI; tests still close what they open.
    forceExit: true,
    ...overrides,
  };
};
