import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@referral/testing';

export interface PlatformEnv {
  db: TestDatabase;
  redis: TestRedis;
  /** Environment for spawned services: this file's own database and Redis prefix. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Servers of a test's own (private-postgres.ts, private-redis.ts) instead of the shared ones. */
export interface PrivateServers {
  /** A database URL on a private cluster: the services create and migrate it. */
  databaseUrl?: string;
  /** A private Redis server's URL. */
  redisUrl?: string;
}

export async function createPlatformEnv(
  overrides: Record<string, string> = {},
  servers: PrivateServers = {},
): Promise<PlatformEnv> {
  const db: TestDatabase = servers.databaseUrl
    ? // The cluster is the test's own and goes away with it.
      { url: servers.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const redis = await createTestRedis(servers.redisUrl);
  return {
    db,
    redis,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_TIMEOUT_MS: '2000',
      RECONCILE_INTERVAL_MS: '500',
      CREATE_DEMO_PARTNER: 'false',
      SEED_DEMO_DATA: 'false',
      DISPATCHER_PORT: '0',
      API_OPS_PORT: '0',
      ...overrides,
    },
    async cleanup() {
      await redis.cleanup();
      await db.drop();
    },
  };
}
