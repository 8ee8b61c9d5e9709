import { createLogger } from '@referral/logger';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createWebhookEngine, type WebhookEngine } from '../src';
import { createHarness, deliveryRows, TEST_KEY, type Harness } from './harness';

let h: Harness;
let receiver: Receiver;
let redisDown: WebhookEngine;

beforeAll(async () => {
  h = await createHarness();
  receiver = await startReceiver();
  // The same database, but a Redis that is not there (nothing listens on port 1).
  redisDown = createWebhookEngine({
    ...h.engine.options,
    redisUrl: 'redis://127.0.0.1:1',
    logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
    secretEncryptionKey: TEST_KEY,
  });
});
afterAll(async () => {
  await redisDown.close();
  await receiver.close();
  await h.close();
});

it('an event committed while Redis is down is still delivered: the reconciler enqueues it', async () => {
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: receiver.url, eventTypes: ['*'] });

  const started = Date.now();
  const event = await redisDown.outbox.publish({
    tenantId: tenant,
    type: 'case.created',
    data: {},
  });
  expect(Date.now() - started).toBeLessThan(5_000); // publishing does not hang on Redis
  // Committed with its delivery, which no queue holds yet.
  expect(await deliveryRows(h.pool, sub.id)).toMatchObject([
    { status: 'pending', event_id: event.id },
  ]);
  await h.pool.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour' WHERE subscription_id = $1`,
    [sub.id],
  );

  // A dispatcher on the real Redis: its reconciler finds the pending delivery.
  h.startDispatcher({ timeoutMs: 200, reconcileIntervalMs: 300 });
  await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]?.status === 'succeeded', {
    what: 'the relayed event to be delivered',
    timeoutMs: 30_000,
  });
  expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([event.id]);
});
