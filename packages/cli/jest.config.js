module.exports = require('../../jest.base.js')({ testTimeout: 120_000 });
