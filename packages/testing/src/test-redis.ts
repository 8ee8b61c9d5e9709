import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** A key prefix of this file's own; BullMQ queues use it as their prefix. */
  prefix: string;
  /** Delete every key under the prefix, as if Redis had lost its contents. */
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

export async function createTestRedis(): Promise<TestRedis> {
  const url = await serverUrl();
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const testRedis: TestRedis = {
    url,
    prefix,
    async flush() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
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
