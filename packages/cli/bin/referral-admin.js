#!/usr/bin/env node
// The installed command. A committed, executable file: npm links it into
// node_modules/.bin at install time, before `dist/` is built.
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write(
    'referral-admin: not built yet: run `npm run build` at the repository root\n',
  );
  process.exit(2);
}
require(main);
