import { spawn } from 'node:child_process';
import path from 'node:path';
import { sleep } from './clock';
import { freePort } from '../support/free-port';

export interface ApiService {
  url: string;
  pid: number;
  /** The API's latest output (its last 64 KiB). */
  output(): string;
  /** SIGTERM, then wait for the exit: the API stops gracefully (and writes its CPU profile). */
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 64 * 1024;

/**
 * The API as `npm start` runs it (`node services/api/dist/main.js`, its own
 * process and event loop), on the bench's database and Redis prefix, with
 * no demo data. Logging stays at warn: the figures are the API's, not the
 * log writer's (nor the bench's, which reads the API's output). `env` adds
 * to or overrides these settings; `execArgv` go to node (`--cpu-prof` is not
 * allowed in NODE_OPTIONS).
 */
export async function startApi(
  stores: { databaseUrl: string; redisUrl: string; redisPrefix: string },
  options: { env?: Record<string, string>; execArgv?: string[] } = {},
): Promise<ApiService> {
  const port = await freePort();
  const main = path.join(
    path.dirname(require.resolve('@referral/api/package.json')),
    'dist',
    'main.js',
  );
  const child = spawn(process.execPath, [...(options.execArgv ?? []), main], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      API_OPS_PORT: '0',
      DATABASE_URL: stores.databaseUrl,
      REDIS_URL: stores.redisUrl,
      REDIS_PREFIX: stores.redisPrefix,
      CREATE_DEMO_PARTNER: 'false',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(String(signal ?? code))),
  );
  const api: ApiService = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    const exit = await Promise.race([exited, sleep(100).then(() => undefined)]);
    if (exit) throw new Error(`the API exited (${exit}):\n${output}`);
    const up = await fetch(`${api.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return api;
    if (Date.now() > deadline) {
      await api.stop();
      throw new Error(`the API did not answer /healthz:\n${output}`);
    }
  }
}
