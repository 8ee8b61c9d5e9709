#!/usr/bin/env node
// `npm start`: the whole platform on one machine — the API and the dispatcher
// as two processes sharing this terminal. Signals are passed on; if either
// process dies, the other is stopped too.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const services = [
  { name: 'api', main: 'services/api/dist/main.js' },
  { name: 'dispatcher', main: 'services/dispatcher/dist/main.js' },
];

let exitCode = 0;
let stopping = false;
const children = services.map(({ name, main }) => {
  // Own process group: a Ctrl-C reaches the children once, through us, not twice.
  const child = spawn(process.execPath, [path.join(root, main)], {
    stdio: 'inherit',
    env: process.env,
    detached: true,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the platform`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
  return child;
});

function stopAll(signal) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
