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

export async function createPlatformEnv(
  overrides: Record<string, string> = {},
): Promise<PlatformEnv> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
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
