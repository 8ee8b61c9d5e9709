import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createDispatcher, createWebhookEngine, type WebhookEngine } from '../src';
import { attemptRows, createHarness, deliveryRows, type Harness } from './harness';

const OPERATIONAL = [
  'webhook.subscription_failing',
  'webhook.subscription_disabled',
  'webhook.delivery_exhausted',
  'webhook.subscription_recovered',
];

let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher({ retryBaseMs: 5 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

interface Envelope {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * A tenant with an endpoint under test (`*`, answering what `state.answer`
 * says) and an observer subscribed to the operational events only.
 */
async function tenantWithObserver() {
  const state = { answer: 500 };
  const endpoint = await startReceiver(() => ({ status: state.answer }));
  const observer = await startReceiver();
  receivers.push(endpoint, observer);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: endpoint.url, eventTypes: ['*'] });
  await h.subscribe(tenant, { url: observer.url, eventTypes: OPERATIONAL });
  const heard = () => observer.requests.map((r) => JSON.parse(r.body) as Envelope);
  const ofType = (type: string) => heard().filter((e) => e.type === type);
  /** The first `type` event the observer heard, once it has. */
  const first = (type: string) =>
    waitFor(() => ofType(type)[0], { what: `a ${type} event` }).then((e) => e.data);
  return { tenant, sub, state, endpoint, heard, ofType, first };
}

/** Publish `n` events at once and wait until none of the subscription's deliveries is pending. */
async function publishAndSettle(tenant: string, subscriptionId: string, n: number) {
  const expected = (await deliveryRows(h.pool, subscriptionId)).length + n;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: { i } }),
    ),
  );
  await waitFor(
    async () => {
      const rows = await deliveryRows(h.pool, subscriptionId);
      return rows.length === expected && rows.every((row) => row.status !== 'pending');
    },
    { what: `${n} deliveries to settle`, timeoutMs: 30_000 },
  );
}

describe('operational events', () => {
  it('tell the other subscriptions: exhausted per failed delivery, failing at 4, recovered after a success, disabled at 8', async () => {
    const t = await tenantWithObserver();

    await publishAndSettle(t.tenant, t.sub.id, 3);
    await waitFor(() => t.ofType('webhook.delivery_exhausted').length === 3, {
      what: '3 delivery_exhausted',
    });
    expect(t.ofType('webhook.subscription_failing')).toEqual([]);
    const exhausted = t.ofType('webhook.delivery_exhausted')[0]!.data;
    const failedDelivery = (await deliveryRows(h.pool, t.sub.id)).find(
      (d) => d.id === exhausted.deliveryId,
    );
    expect(exhausted).toEqual({
      subscriptionId: t.sub.id,
      url: t.endpoint.url,
      deliveryId: failedDelivery!.id,
      eventId: failedDelivery!.event_id,
      eventType: 'case.created',
      attempts: 9,
      lastStatusCode: 500,
      lastError: null,
    });

    await publishAndSettle(t.tenant, t.sub.id, 1);
    const failing = await t.first('webhook.subscription_failing');
    expect(failing).toEqual({
      subscriptionId: t.sub.id,
      url: t.endpoint.url,
      consecutiveFailures: 4,
      disableAfter: 8,
    });

    t.state.answer = 200;
    await publishAndSettle(t.tenant, t.sub.id, 1);
    const recovered = await t.first('webhook.subscription_recovered');
    expect(recovered).toEqual({
      subscriptionId: t.sub.id,
      url: t.endpoint.url,
      failedDeliveriesBefore: 4,
    });

    // Eight at once: their final failures are written in groups, and still
    // counted one by one (exactly one failing and one disabled report).
    t.state.answer = 503;
    await publishAndSettle(t.tenant, t.sub.id, 8);
    const disabled = await t.first('webhook.subscription_disabled');
    expect(disabled).toMatchObject({
      subscriptionId: t.sub.id,
      reason: 'consecutive_failures',
      consecutiveFailures: 8,
    });
    await waitFor(() => t.ofType('webhook.delivery_exhausted').length === 12, {
      what: '12 delivery_exhausted in all',
    });
    expect(t.ofType('webhook.subscription_failing')).toHaveLength(2);
    expect(t.ofType('webhook.subscription_recovered')).toHaveLength(1);
    expect(await h.engine.subscriptions.get(t.tenant, t.sub.id)).toMatchObject({
      status: 'disabled',
      consecutiveFailures: 8,
    });

    // The endpoint they are about heard none of them.
    const toEndpoint = t.endpoint.requests.map((r) => (JSON.parse(r.body) as Envelope).type);
    expect(toEndpoint.filter((type) => type.startsWith('webhook.'))).toEqual([]);
  });

  it('a 410 Gone disables the subscription at once, and says why', async () => {
    const t = await tenantWithObserver();
    t.state.answer = 410;

    await publishAndSettle(t.tenant, t.sub.id, 1);
    const [delivery] = await deliveryRows(h.pool, t.sub.id);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 1 });
    expect(await h.engine.subscriptions.get(t.tenant, t.sub.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'gone',
      consecutiveFailures: 1,
    });
    const disabled = await t.first('webhook.subscription_disabled');
    expect(disabled).toMatchObject({ subscriptionId: t.sub.id, reason: 'gone' });
    expect(t.ofType('webhook.delivery_exhausted')).toEqual([]);

    // What follows is parked, not sent.
    await publishAndSettle(t.tenant, t.sub.id, 1);
    expect((await deliveryRows(h.pool, t.sub.id)).map((d) => d.status)).toEqual([
      'failed',
      'parked',
    ]);
    expect(t.endpoint.requests).toHaveLength(1);
  });
});

describe('an address the policy blocks', () => {
  let strict: WebhookEngine;
  afterAll(async () => {
    await strict?.close();
  });

  it('fails at once instead of being retried 8 times', async () => {
    // Accepted when it was public; it points at a private address at delivery time.
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, {
      url: 'https://hooks.partner.example/x',
      eventTypes: ['*'],
    });
    await h.pool.query(`UPDATE webhook_subscriptions SET url = $2 WHERE id = $1`, [
      sub.id,
      'http://10.0.0.1/hooks',
    ]);
    strict = createWebhookEngine({ ...h.engine.options, allowPrivateUrls: false });
    const dispatcher = createDispatcher(strict, {
      retryBaseMs: 5,
      timeoutMs: 1_000,
      deliveryConcurrency: 5,
      reconcileIntervalMs: 60_000,
    });
    // Only the strict dispatcher may take this delivery: stop the harness's first.
    await h.stopDispatchers();
    dispatcher.start();
    try {
      await strict.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
      const delivery = await waitFor(async () => {
        const [row] = await deliveryRows(h.pool, sub.id);
        return row?.status === 'failed' && row;
      });
      expect(delivery.attempt_count).toBe(1);
      const [attempt] = await attemptRows(h.pool, delivery.id);
      expect(attempt).toMatchObject({ error_kind: 'blocked_address', succeeded: false });
      expect((await h.engine.subscriptions.get(tenant, sub.id))?.consecutiveFailures).toBe(1);
    } finally {
      await dispatcher.stop();
    }
  });
});
