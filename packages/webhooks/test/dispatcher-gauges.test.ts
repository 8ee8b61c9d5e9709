import { createPool } from '@referral/db';
import { createLogger } from '@referral/logger';
import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { Registry } from 'prom-client';
import { createDispatcherMetrics, createWebhookEngine, QUEUES, readBacklog } from '../src';
import { createHarness, deliveryRows, TEST_KEY, type Harness } from './harness';

let h: Harness;
const receivers: Receiver[] = [];
const QUEUE = QUEUES.delivery.name;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

/** The value of each sample of one scrape, by `name{labels}`. */
async function scrape(registry: Registry): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  for (const line of (await registry.metrics()).split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

const publish = (engine: typeof h.engine, tenantId: string) =>
  engine.outbox.publish({ tenantId, type: 'case.created', data: {} });

it('the gauges read the real state of Postgres and Redis at each scrape', async () => {
  // No dispatcher runs: what is published stays where the engine put it.
  const { registry } = createDispatcherMetrics(h.engine.queues, h.pool, new Registry());
  const empty = await scrape(registry);
  expect(empty.get(`webhook_queue_jobs{queue="${QUEUE}",state="waiting"}`)).toBe(0);
  expect(empty.get(`webhook_queue_oldest_waiting_seconds{queue="${QUEUE}"}`)).toBe(0);
  expect(empty.get('webhook_outbox_lag_seconds')).toBe(0);
  expect(empty.get('webhook_disabled_subscriptions')).toBe(0);
  expect(empty.get('webhook_parked_deliveries')).toBe(0);

  // 1. A receiver that answers 410 Gone: its subscription is disabled at once,
  //    and the events that follow are parked for it.
  const gone = await startReceiver(() => ({ status: 410 }));
  receivers.push(gone);
  const goneTenant = h.newTenant();
  const goneSub = await h.subscribe(goneTenant, { url: gone.url, eventTypes: ['*'] });
  h.startDispatcher();
  await publish(h.engine, goneTenant);
  await waitFor(async () => (await deliveryRows(h.pool, goneSub.id))[0]?.status === 'failed', {
    what: 'the 410 to disable the subscription',
  });
  await h.stopDispatchers();
  await publish(h.engine, goneTenant);
  await publish(h.engine, goneTenant);
  expect((await deliveryRows(h.pool, goneSub.id)).map((d) => d.status)).toEqual([
    'failed',
    'parked',
    'parked',
  ]);

  // 2. A delivery committed while Redis refused its job (the engine's Redis is
  //    unreachable), overdue by an hour as time would make it.
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: 'http://127.0.0.1:9/hooks', eventTypes: ['*'] });
  const noRedis = createWebhookEngine({
    ...h.engine.options,
    redisUrl: 'redis://127.0.0.1:1',
    secretEncryptionKey: TEST_KEY,
    encodeEnvelope: plainEnvelope,
  });
  try {
    await publish(noRedis, tenant);
  } finally {
    await noRedis.close();
  }
  const [lost] = await deliveryRows(h.pool, sub.id);
  expect(lost!.status).toBe('pending');
  expect(await h.engine.queues.delivery.getJob(lost!.id)).toBeUndefined();
  await h.pool.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour' WHERE id = $1`,
    [lost!.id],
  );

  // 3. Three deliveries whose jobs wait in the queue.
  for (let i = 0; i < 3; i++) await publish(h.engine, tenant);
  const [head] = await h.engine.queues.delivery.getWaiting(0, 0);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const before = Date.now();
  const now = await scrape(registry);
  const after = Date.now();
  expect(now.get(`webhook_queue_jobs{queue="${QUEUE}",state="waiting"}`)).toBe(3);
  expect(now.get(`webhook_queue_jobs{queue="${QUEUE}",state="delayed"}`)).toBe(0);
  // The head of the wait list is the first of the three, waiting since it was added.
  const age = now.get(`webhook_queue_oldest_waiting_seconds{queue="${QUEUE}"}`)!;
  expect(age).toBeGreaterThanOrEqual((before - head!.timestamp) / 1000 - 0.05);
  expect(age).toBeLessThanOrEqual((after - head!.timestamp) / 1000 + 0.05);
  expect(age).toBeGreaterThanOrEqual(0.3);
  // The lag is the hour-old delivery that has no job, not the ones waiting.
  expect(now.get('webhook_outbox_lag_seconds')).toBeGreaterThanOrEqual(3600);
  expect(now.get('webhook_outbox_lag_seconds')).toBeLessThan(3600 + 60);
  expect(now.get('webhook_disabled_subscriptions')).toBe(1);
  expect(now.get('webhook_parked_deliveries')).toBe(2);

  // 4. The reconciler enqueues the lost delivery; a dispatcher then drains
  //    the queue (the receiver refuses connections: retries wait delayed).
  const dispatcher = h.startDispatcher({ retryBaseMs: 60_000 });
  await dispatcher.reconciler.sweep();
  await waitFor(async () => (await h.engine.queues.delivery.getWaitingCount()) === 0, {
    what: 'the queue to drain',
  });
  await h.stopDispatchers();
  const drained = await scrape(registry);
  expect(drained.get(`webhook_queue_jobs{queue="${QUEUE}",state="waiting"}`)).toBe(0);
  expect(drained.get(`webhook_queue_jobs{queue="${QUEUE}",state="delayed"}`)).toBe(4);
  expect(drained.get(`webhook_queue_oldest_waiting_seconds{queue="${QUEUE}"}`)).toBe(0);
  // Every delivery was attempted; their retries are not due yet.
  expect(drained.get('webhook_outbox_lag_seconds')).toBe(0);
});

it('parked deliveries are counted up to a cap', async () => {
  const parked = (await readBacklog(h.pool)).parkedDeliveries;
  expect(parked).toBe(2);
  expect((await readBacklog(h.pool, 1)).parkedDeliveries).toBe(1);
});

it('a dependency that does not answer makes its gauges NaN (unknown), and the rest is served', async () => {
  const deadPool = createPool('postgres://postgres@127.0.0.1:1/none');
  deadPool.on('error', () => undefined);
  const logger = createLogger({ name: 'test', level: 'silent', format: 'json' });
  const deadRedis = createWebhookEngine({
    ...h.engine.options,
    pool: deadPool,
    logger,
    redisUrl: 'redis://127.0.0.1:1',
  });
  try {
    const metrics = createDispatcherMetrics(deadRedis.queues, deadPool, new Registry());
    metrics.attempts.inc({ result: 'ok' });
    const started = Date.now();
    const text = await metrics.registry.metrics();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(text).toMatch(/^webhook_delivery_attempts_total\{result="ok"\} 1$/m);
    for (const gauge of [
      'webhook_queue_jobs',
      'webhook_queue_oldest_waiting_seconds',
      'webhook_outbox_lag_seconds',
      'webhook_disabled_subscriptions',
      'webhook_parked_deliveries',
    ]) {
      const samples = text.split('\n').filter((line) => new RegExp(`^${gauge}[{ ]`).test(line));
      expect(samples.length).toBeGreaterThan(0);
      // prom-client writes "Nan", which Prometheus reads as NaN (case-insensitive).
      for (const line of samples) expect(line).toMatch(/ NaN$/i);
    }
  } finally {
    await deadRedis.close();
    await deadPool.end();
  }
});
