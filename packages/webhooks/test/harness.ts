import { createPool, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import {
  createTestDatabase,
  createTestRedis,
  plainEnvelope,
  type TestDatabase,
  type TestRedis,
} from '@referral/testing';
import { randomUUID } from 'node:crypto';
import {
  createDispatcher,
  createWebhookEngine,
  type Dispatcher,
  type NewSubscription,
  type SubscriptionWithSecret,
  type WebhookEngine,
} from '../src';

export interface Harness {
  pool: Pool;
  engine: WebhookEngine;
  db: TestDatabase;
  redis: TestRedis;
  /** A subscription the URL policy accepts; a refusal fails the test. */
  subscribe(tenantId: string, input: NewSubscription): Promise<SubscriptionWithSecret>;
  /** Start a dispatcher; stopped by `close`. */
  startDispatcher(overrides?: Partial<Parameters<typeof createDispatcher>[1]>): Dispatcher;
  /** Stop every dispatcher started so far. */
  stopDispatchers(): Promise<void>;
  newTenant(): string;
  close(): Promise<void>;
}

export const TEST_KEY = Buffer.alloc(32, 9);

/** Real Postgres (own database) and real Redis (own prefix) for one test file. */
export async function createHarness(): Promise<Harness> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const pool = createPool(db.url);
  const logger = createLogger({
    name: 'test',
    level: process.env.LOG_LEVEL ?? 'silent',
    format: 'json',
  });
  const engine = createWebhookEngine({
    pool,
    redisUrl: redis.url,
    prefix: redis.prefix,
    logger,
    secretEncryptionKey: TEST_KEY,
    allowHttp: true,
    allowPrivateUrls: true,
    encodeEnvelope: plainEnvelope,
  });
  const dispatchers: Dispatcher[] = [];
  return {
    pool,
    engine,
    db,
    redis,
    newTenant: () => randomUUID(),
    async subscribe(tenantId, input) {
      const result = await engine.subscriptions.create(tenantId, input);
      if (result.outcome !== 'created') throw new Error(`subscription refused: ${result.problem}`);
      return result.subscription;
    },
    startDispatcher(overrides = {}) {
      const dispatcher = createDispatcher(engine, {
        retryBaseMs: 20,
        timeoutMs: 1_000,
        deliveryConcurrency: 20,
        reconcileIntervalMs: 60_000,
        ...overrides,
      });
      dispatcher.start();
      dispatchers.push(dispatcher);
      return dispatcher;
    },
    async stopDispatchers() {
      await Promise.all(dispatchers.map((d) => d.stop()));
    },
    async close() {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await engine.close();
      await pool.end();
      await redis.cleanup();
      await db.drop();
    },
  };
}

export async function deliveryRows(pool: Pool, subscriptionId: string) {
  const { rows } = await pool.query<{
    id: string;
    status: string;
    event_id: string;
    attempt_count: number;
  }>(
    `SELECT id, status, event_id, attempt_count FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at, id`,
    [subscriptionId],
  );
  return rows;
}

export async function attemptRows(pool: Pool, deliveryId: string) {
  const { rows } = await pool.query(
    `SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt_number`,
    [deliveryId],
  );
  return rows;
}
