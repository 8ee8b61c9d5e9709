import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import { plainEnvelope } from '@referral/testing';
import {
  createWebhookEngine,
  type NewSubscription,
  type SubscriptionWithSecret,
  type WebhookEngine,
} from '@referral/webhooks';
import { parseConfig } from '@referral/config';
import type { PlatformEnv } from './platform-env';

export interface EngineClient {
  pool: Pool;
  engine: WebhookEngine;
  tenantId: string;
  /** A subscription of `tenantId`; a refusal fails the test. */
  subscribe(input: NewSubscription): Promise<SubscriptionWithSecret>;
  statusCounts(subscriptionId: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The producer side of the engine, in the test process, on the platform's database and prefix. */
export function engineClient(platform: PlatformEnv): EngineClient {
  const config = parseConfig(platform.env);
  const pool = createPool(config.database.url);
  const engine = createWebhookEngine({
    pool,
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
    secretEncryptionKey: config.webhooks.secretEncryptionKey,
    allowHttp: true,
    allowPrivateUrls: true,
    // These suites test delivery, not the catalogue (the services check that).
    encodeEnvelope: plainEnvelope,
  });
  const tenantId = randomUUID();
  return {
    pool,
    engine,
    tenantId,
    async subscribe(input) {
      const result = await engine.subscriptions.create(tenantId, input);
      if (result.outcome !== 'created') throw new Error(`subscription refused: ${result.problem}`);
      return result.subscription;
    },
    async statusCounts(subscriptionId) {
      const { rows } = await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY status`,
        [subscriptionId],
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async close() {
      await engine.close();
      await pool.end();
    },
  };
}
