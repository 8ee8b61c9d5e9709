import { randomUUID } from 'node:crypto';
import { createPool, migrate, newId, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import { createTestRedis, plainEnvelope, startReceiver, waitFor } from '@referral/testing';
import { createDispatcher, createWebhookEngine } from '../src';
import { databaseAt } from './database-at';
import { TEST_KEY } from './harness';

/** The last migration of the two-hop engine, whose events waited for a fan-out job. */
const TWO_HOP = '1733200000000_case-sort-indexes';

describe('the one-hop migration', () => {
  let db: Awaited<ReturnType<typeof databaseAt>>;
  let pool: Pool;
  beforeAll(async () => {
    db = await databaseAt(TWO_HOP);
    pool = createPool(db.url);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('fans out the events the previous engine left unfanned, once, and they are delivered', async () => {
    const receiver = await startReceiver();
    const redis = await createTestRedis();
    const engine = createWebhookEngine({
      pool,
      redisUrl: redis.url,
      prefix: redis.prefix,
      logger: createLogger({
        name: 'test',
        level: process.env.LOG_LEVEL ?? 'silent',
        format: 'json',
      }),
      secretEncryptionKey: TEST_KEY,
      allowHttp: true,
      allowPrivateUrls: true,
      encodeEnvelope: plainEnvelope,
    });
    const tenant = randomUUID();
    const other = randomUUID();
    // Subscriptions are written as the previous engine wrote them (that SQL is unchanged).
    const subscribe = async (tenantId: string, status: string) => {
      const created = await engine.subscriptions.create(tenantId, {
        url: receiver.url,
        eventTypes: ['*'],
      });
      if (created.outcome !== 'created') throw new Error(created.problem);
      await pool.query(`UPDATE webhook_subscriptions SET status = $2 WHERE id = $1`, [
        created.subscription.id,
        status,
      ]);
      return created.subscription.id;
    };
    const enabled = await subscribe(tenant, 'enabled');
    const disabled = await subscribe(tenant, 'disabled');
    const foreign = await subscribe(other, 'enabled');
    const event = async (fannedOut: boolean, target: string | null = null) => {
      const id = newId('evt');
      await pool.query(
        `INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, fanned_out_at)
         VALUES ($1, $2, 'case.created', $3, $4, $5)`,
        [id, tenant, JSON.stringify({ id }), target, fannedOut ? new Date() : null],
      );
      return id;
    };
    // Fanned out already, with its delivery made: nothing more for it.
    const done = await event(true);
    await pool.query(
      `INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status)
       VALUES ($1, $2, $3, $4, 'succeeded')`,
      [newId('dlv'), done, enabled, tenant],
    );
    // Committed, its fan-out job lost with the old queue.
    const waiting = await event(false);
    const targeted = await event(false, disabled);

    await migrate(db.url);

    const { rows } = await pool.query<{
      event_id: string;
      subscription_id: string;
      status: string;
    }>(
      `SELECT event_id, subscription_id, status FROM webhook_deliveries ORDER BY event_id, subscription_id`,
    );
    const expected = [
      { event_id: done, subscription_id: enabled, status: 'succeeded' },
      ...[
        { event_id: waiting, subscription_id: enabled, status: 'pending' },
        { event_id: waiting, subscription_id: disabled, status: 'parked' },
      ].sort((a, b) => a.subscription_id.localeCompare(b.subscription_id)),
      { event_id: targeted, subscription_id: disabled, status: 'parked' },
    ].sort((a, b) => a.event_id.localeCompare(b.event_id));
    expect(rows).toEqual(expected);
    expect(rows.some((r) => r.subscription_id === foreign)).toBe(false);
    const column = await pool.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'webhook_events' AND column_name = 'fanned_out_at'`,
    );
    expect(column.rowCount).toBe(0);

    // The pending one is overdue by more than the grace: the reconciler enqueues it.
    await pool.query(`UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour'
                      WHERE status = 'pending'`);
    const dispatcher = createDispatcher(engine, {
      retryBaseMs: 20,
      timeoutMs: 1_000,
      deliveryConcurrency: 5,
      reconcileIntervalMs: 3_600_000,
    });
    dispatcher.start();
    try {
      expect(await dispatcher.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 0 });
      await waitFor(() => receiver.requests.length === 1, { what: 'the migrated delivery' });
      expect(receiver.requests[0]!.headers['webhook-id']).toBe(waiting);
    } finally {
      await dispatcher.stop();
      await engine.close();
      await redis.cleanup();
      await receiver.close();
    }
  });
});
