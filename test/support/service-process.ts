import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

/** Found through the workspace package, so this works from the sources (jest) and from test/dist (bench). */
function serviceMain(name: 'api' | 'dispatcher'): string {
  return path.join(
    path.dirname(require.resolve(`@referral/${name}/package.json`)),
    'dist',
    'main.js',
  );
}

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout/stderr. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Run a built service (`services/<name>/dist/main.js`) as a real process, the
 * way `npm start` and docker-compose do.
 */
export function startService(
  name: 'api' | 'dispatcher',
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(process.execPath, [serviceMain(name)], {
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    child,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms.\n${text}`),
          );
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => setTimeout(check, 10));
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
