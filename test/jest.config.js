module.exports = require('../jest.base.js')({
  testMatch: [
    '<rootDir>/e2e/**/*.test.ts',
    '<rootDir>/reliability/**/*.test.ts',
    '<rootDir>/security/**/*.test.ts',
  ],
  testTimeout: 120_000,
});
