import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from '@referral/testing';
import { freePort } from './free-port';

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * A Redis server of a test's own, on a free loopback port: the shared one
 * (REDIS_URL) serves other test files and must never be flushed or stopped.
 * `stop` and `start` keep the port, so clients reconnect to the same URL.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** FLUSHALL: every key of this server, gone at once. */
  flushAll(): Promise<void>;
  /** Kill the server (SIGKILL: nothing saved, nothing answered). */
  stop(): Promise<void>;
  /** Start it again on the same port, empty. */
  start(): Promise<void>;
  /** Stop it for good. */
  cleanup(): Promise<void>;
}

export function assertRedisServerInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${BINARY} not found: these tests run a Redis server of their own ` +
        `(Debian: apt-get install -y redis-server; or set REDIS_SERVER_BIN).`,
    );
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  assertRedisServerInstalled();
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const ping = async () => {
    const client = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };

  const start = async () => {
    // No persistence: a restart comes back empty, as a lost Redis would.
    const server = spawn(
      BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = server;
    await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`redis-server exited (${server.exitCode})`);
        return ping();
      },
      { what: `redis-server on port ${port}`, timeoutMs: 10_000 },
    );
  };

  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url,
    port,
    async flushAll() {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    stop,
    start,
    cleanup: stop,
  };
}
