import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { MAX_RETRIES } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  // A short base: a whole retry sequence (1 + 8 attempts) takes about 1.3 s.
  h.startDispatcher({ retryBaseMs: 5 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function failingSubscription() {
  const r = await startReceiver(() => ({ status: 500 }));
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  return { r, sub, tenant };
}

/**
 * The subscription's delivery once failed again, after more than `attemptsBefore`
 * attempts, and its job finished. (A job id is the delivery id: asking again
 * while the last job is still finishing would leave the new run to the reconciler.)
 */
async function failedDelivery(subscriptionId: string, attemptsBefore = 0) {
  const row = await waitFor(
    async () => {
      const [current] = await deliveryRows(h.pool, subscriptionId);
      return current?.status === 'failed' && current.attempt_count > attemptsBefore
        ? current
        : undefined;
    },
    { what: 'the delivery to fail', timeoutMs: 30_000 },
  );
  await waitFor(async () => (await h.engine.queues.delivery.getJob(row.id)) === undefined, {
    what: 'its job to finish',
  });
  return row;
}

describe('asking for a delivery again', () => {
  it('redeliver gives a failed delivery the full retry sequence again', async () => {
    const { r, sub, tenant } = await failingSubscription();
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await failedDelivery(sub.id);
    expect(delivery.attempt_count).toBe(MAX_RETRIES + 1);

    expect(await h.engine.deliveries.redeliver(tenant, delivery.id)).toMatchObject({
      outcome: 'queued',
      delivery: { id: delivery.id, status: 'pending' },
    });
    const again = await failedDelivery(sub.id, MAX_RETRIES + 1);
    expect(again.attempt_count).toBe(2 * (MAX_RETRIES + 1));
    expect(r.requests).toHaveLength(2 * (MAX_RETRIES + 1));
  });

  it('recover gives each failed delivery the full retry sequence again', async () => {
    const { r, sub, tenant } = await failingSubscription();
    const since = new Date(Date.now() - 1_000);
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    expect((await failedDelivery(sub.id)).attempt_count).toBe(MAX_RETRIES + 1);

    expect(await h.engine.deliveries.recover(tenant, sub.id, since)).toEqual({
      outcome: 'queued',
      count: 1,
    });
    const again = await failedDelivery(sub.id, MAX_RETRIES + 1);
    expect(again.attempt_count).toBe(2 * (MAX_RETRIES + 1));
    expect(r.requests).toHaveLength(2 * (MAX_RETRIES + 1));
  });
});
