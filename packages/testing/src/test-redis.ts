import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** A key prefix of this file's own; BullMQ queues use it as their prefix. */
  prefix: string;
  /** Delete every key under the prefix at once, as if Redis had lost its contents (FLUSHALL). */
  flush(): Promise<void>;
  cleanup(): Promise<void>;
}

let container: { getConnectionUrl(): string; stop(): Promise<unknown> } | undefined;

async function serverUrl(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (!container) {
    const { RedisContainer } = await import('@testcontainers/redis');
    container = await new RedisContainer('redis:7-alpine').start();
  }
  return container.getConnectionUrl();
}

const FLUSH_PREFIX = `
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end
return 0`;

/** A prefix of its own on REDIS_URL (or a container), or on `url` when given. */
export async function createTestRedis(url?: string): Promise<TestRedis> {
  url ??= await serverUrl();
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const testRedis: TestRedis = {
    url,
    prefix,
    async flush() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        // One script, so the loss is atomic like FLUSHALL: no command of a
        // running worker lands between two deletions and leaves half a state.
        await redis.eval(FLUSH_PREFIX, 0, `${prefix}:*`);
      } finally {
        redis.disconnect();
      }
    },
    async cleanup() {
      await testRedis.flush();
      if (container) {
        await container.stop();
        container = undefined;
      }
    },
  };
  return testRedis;
}
