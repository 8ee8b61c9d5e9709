#!/usr/bin/env node
// The installed command. A committed, executable file: npm links it into
// node_modules/.bin at install time, before `dist/` is built.
require('../dist/main.js');
