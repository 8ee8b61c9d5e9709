import type { Receiver } from '@referral/testing';
import { waitFor } from '@referral/testing';
import { verify } from '@referral/webhook-signature';
import { createHarness, type Harness } from './helpers/harness';
import { fields, type ApiClient } from './helpers/api-client';

const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
let api: ApiClient;
let partnerId: string;

beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher();
  ({ api, partnerId } = await h.newPartner());
});
afterAll(() => h.close());

async function subscribe(receiver: Receiver, eventTypes = ['*']) {
  const res = await api.post(SUBS, { url: receiver.url, eventTypes });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

async function deliveryOf(subscriptionId: string, status: string) {
  return waitFor(
    async () => {
      const res = await api.get(`${SUBS}/${subscriptionId}/deliveries?status=${status}`);
      return res.body.data[0] as { id: string; status: string } | undefined;
    },
    { what: `a ${status} delivery` },
  );
}

describe('a test event', () => {
  let receiver: Receiver;
  let sub: { id: string; secret: string };
  let eventId: string;

  beforeAll(async () => {
    receiver = await h.receiver();
    sub = await subscribe(receiver, ['payout.created']);
    const res = await api.post(`${SUBS}/${sub.id}/test`);
    expect(res.status).toBe(202);
    eventId = res.body.eventId;
  });

  it('reaches the receiver, signed with the secret from the create response', async () => {
    await waitFor(() => receiver.requests.length === 1, { what: 'the test delivery' });
    const { body, headers } = receiver.requests[0]!;
    expect(headers['webhook-id']).toBe(eventId);
    expect(verify(body, headers, sub.secret)).toMatchObject({
      id: eventId,
      type: 'webhook.test',
      data: { subscriptionId: sub.id, message: expect.any(String) },
    });
  });

  it('is listed among the subscription’s deliveries, filterable by status', async () => {
    const delivery = await deliveryOf(sub.id, 'succeeded');
    expect(delivery).toMatchObject({ eventId, eventType: 'webhook.test', subscriptionId: sub.id });
    const pending = await api.get(`${SUBS}/${sub.id}/deliveries?status=pending`);
    expect(pending.body).toEqual({ data: [], nextCursor: null });
    const bad = await api.get(`${SUBS}/${sub.id}/deliveries?status=lost&limit=0`);
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['limit', 'status']);
  });

  it('shows the delivery with its payload and every attempt', async () => {
    const { id } = await deliveryOf(sub.id, 'succeeded');
    const res = await api.get(`/v1/webhooks/deliveries/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'succeeded',
      attemptCount: 1,
      payload: { id: eventId, type: 'webhook.test' },
      attempts: [{ attemptNumber: 1, succeeded: true, statusCode: 200 }],
    });
  });

  it('can be redelivered, with the same webhook-id', async () => {
    const { id } = await deliveryOf(sub.id, 'succeeded');
    const res = await api.post(`/v1/webhooks/deliveries/${id}/redeliver`);
    expect(res.status).toBe(202);
    expect(res.body.delivery).toMatchObject({ id, status: 'pending' });
    await waitFor(() => receiver.requests.length === 2, { what: 'the redelivery' });
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(eventId);
  });

  it("another partner's delivery ids are 404", async () => {
    const { id } = await deliveryOf(sub.id, 'succeeded');
    const { api: other } = await h.newPartner();
    for (const res of [
      await other.get(`/v1/webhooks/deliveries/${id}`),
      await other.post(`/v1/webhooks/deliveries/${id}/redeliver`),
      await other.get(`${SUBS}/${sub.id}/deliveries`),
    ]) {
      expect(res.status).toBe(404);
      expect(fields(res)).toEqual(['id']);
    }
  });
});

describe('a disabled subscription', () => {
  it('refuses redelivery and test events with 409 saying to enable it; enable with replay delivers what was parked', async () => {
    const receiver = await h.receiver();
    const sub = await subscribe(receiver);
    await api.post(`${SUBS}/${sub.id}/test`);
    const { id: deliveryId } = await deliveryOf(sub.id, 'succeeded');
    // Arranged in SQL: reaching 8 failed deliveries is the engine's tested behaviour.
    await h.pool.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now() WHERE id = $1`,
      [sub.id],
    );
    const redeliver = await api.post(`/v1/webhooks/deliveries/${deliveryId}/redeliver`);
    expect(redeliver.status).toBe(409);
    expect(redeliver.body).toMatchObject({ type: '/problems/subscription-disabled' });
    expect(redeliver.body.detail).toMatch(/enable/);
    expect((await api.post(`${SUBS}/${sub.id}/test`)).status).toBe(409);

    const event = await h.admin.post('/admin/events', {
      partnerId,
      type: 'webhook.test',
      data: { subscriptionId: sub.id, message: 'while disabled' },
    });
    expect(event.status).toBe(202);
    await deliveryOf(sub.id, 'parked');

    const enabled = await api.post(`${SUBS}/${sub.id}/enable`, { replay: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body.replayed).toBe(1);
    await waitFor(() => receiver.requests.length === 2, { what: 'the replayed delivery' });
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(event.body.eventId);
  });
});

describe('failed deliveries', () => {
  it('a pending one cannot be redelivered; once failed, recover sends it again', async () => {
    let healthy = false;
    const receiver = await h.receiver(() => ({ status: healthy ? 200 : 500 }));
    const sub = await subscribe(receiver);
    const since = new Date().toISOString();
    await api.post(`${SUBS}/${sub.id}/test`);

    const pending = await deliveryOf(sub.id, 'pending');
    const refused = await api.post(`/v1/webhooks/deliveries/${pending.id}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/delivery-pending' });

    // 1 + 8 retries at a 20 ms base: about 5 s until the delivery is failed.
    await waitFor(async () => (await deliveryOf(sub.id, 'failed')).id === pending.id, {
      timeoutMs: 20_000,
    });
    const attemptsSoFar = receiver.requests.length;
    healthy = true;
    const badSince = await api.post(`${SUBS}/${sub.id}/recover`, { since: 'yesterday' });
    expect(badSince.status).toBe(400);
    expect(fields(badSince)).toEqual(['since']);

    const recovered = await api.post(`${SUBS}/${sub.id}/recover`, { since });
    expect(recovered.status).toBe(202);
    expect(recovered.body).toEqual({ count: 1 });
    await deliveryOf(sub.id, 'succeeded');
    expect(receiver.requests).toHaveLength(attemptsSoFar + 1);
  });
});

describe('operators (admin twins of the partner routes)', () => {
  it("list, inspect, redeliver and recover any partner's deliveries", async () => {
    const receiver = await h.receiver();
    const sub = await subscribe(receiver);
    const since = new Date().toISOString();
    await api.post(`${SUBS}/${sub.id}/test`);
    const { id } = await deliveryOf(sub.id, 'succeeded');

    const list = await h.admin.get(`/admin/subscriptions/${sub.id}/deliveries?status=succeeded`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([id]);
    const inspected = await h.admin.get(`/admin/deliveries/${id}`);
    expect(inspected.body).toMatchObject({
      id,
      attempts: [{ attemptNumber: 1, succeeded: true, statusCode: 200 }],
    });

    const redelivered = await h.admin.post(`/admin/deliveries/${id}/redeliver`);
    expect(redelivered.status).toBe(202);
    await waitFor(() => receiver.requests.length === 2, { what: 'the operator redelivery' });

    await deliveryOf(sub.id, 'succeeded');
    // Arranged in SQL: exhausting retries is tested above.
    await h.pool.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [id]);
    const recovered = await h.admin.post(`/admin/subscriptions/${sub.id}/recover`, { since });
    expect(recovered.body).toEqual({ count: 1 });
    await waitFor(() => receiver.requests.length === 3, { what: 'the recovered delivery' });
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual(
      Array(3).fill(receiver.requests[0]!.headers['webhook-id']),
    );
  });

  it('answer 404 for unknown ids and refuse a partner key', async () => {
    expect((await h.admin.get('/admin/deliveries/dlv_nope')).status).toBe(404);
    expect(
      (
        await h.admin.post('/admin/subscriptions/sub_nope/recover', {
          since: new Date().toISOString(),
        })
      ).status,
    ).toBe(404);
    const { apiKey } = await h.newPartner();
    expect((await h.admin.get('/admin/deliveries/dlv_nope', { token: apiKey })).status).toBe(401);
  });
});
