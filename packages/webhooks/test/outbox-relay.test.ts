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

it('an event committed while Redis is down is still delivered: the relay enqueues it', async () => {
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: receiver.url, eventTypes: ['*'] });

  const started = Date.now();
  const event = await redisDown.outbox.publish({
    tenantId: tenant,
    type: 'case.created',
    data: {},
  });
  expect(Date.now() - started).toBeLessThan(5_000); // publishing does not hang on Redis
  const { rows } = await h.pool.query(`SELECT fanned_out_at FROM webhook_events WHERE id = $1`, [
    event.id,
  ]);
  expect(rows).toEqual([{ fanned_out_at: null }]);

  // A dispatcher on the real Redis: its reconciler finds the event in the outbox.
  h.startDispatcher({ timeoutMs: 200, reconcileIntervalMs: 300 });
  await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]?.status === 'succeeded', {
    what: 'the relayed event to be delivered',
    timeoutMs: 30_000,
  });
  expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([event.id]);
});
