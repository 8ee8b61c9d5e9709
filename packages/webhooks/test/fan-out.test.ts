import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { verify } from '@referral/webhook-signature';
import { withTransaction } from '@referral/db';
import { appendEvent } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

describe('fan-out', () => {
  it('delivers an event only to subscriptions of its tenant that asked for its type, or for *', async () => {
    const tenant = h.newTenant();
    const other = h.newTenant();
    const [linked, all, payouts, foreign] = await Promise.all([
      receiver(),
      receiver(),
      receiver(),
      receiver(),
    ]);
    const subLinked = await h.subscribe(tenant, {
      url: linked.url,
      eventTypes: ['client.linked'],
    });
    await h.subscribe(tenant, { url: all.url, eventTypes: ['*'] });
    const subPayouts = await h.subscribe(tenant, {
      url: payouts.url,
      eventTypes: ['payout.created'],
    });
    const subForeign = await h.subscribe(other, { url: foreign.url, eventTypes: ['*'] });

    const event = await h.engine.outbox.publish({
      tenantId: tenant,
      type: 'client.linked',
      data: { clientId: 'c1' },
    });

    await waitFor(() => linked.requests.length === 1 && all.requests.length === 1, {
      what: 'both deliveries',
    });
    // Every delivery of an event is written with the event: a subscription
    // without a delivery row by now will get none.
    expect(await deliveryRows(h.pool, subPayouts.id)).toEqual([]);
    expect(await deliveryRows(h.pool, subForeign.id)).toEqual([]);
    expect(payouts.requests).toHaveLength(0);
    expect(foreign.requests).toHaveLength(0);

    const request = linked.requests[0]!;
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(JSON.parse(request.body)).toEqual({
      id: event.id,
      type: 'client.linked',
      createdAt: event.createdAt,
      data: { clientId: 'c1' },
    });
    expect(verify(request.body, request.headers, subLinked.secret)).toEqual(
      JSON.parse(request.body),
    );
  });

  it('sends a test event to its target subscription only, signed like any other', async () => {
    const tenant = h.newTenant();
    const [a, b] = await Promise.all([receiver(), receiver()]);
    const subA = await h.subscribe(tenant, {
      url: a.url,
      eventTypes: ['payout.created'],
    });
    const subB = await h.subscribe(tenant, { url: b.url, eventTypes: ['*'] });

    await h.engine.outbox.publish({
      tenantId: tenant,
      type: 'webhook.test',
      data: { subscriptionId: subA.id, message: 'hello' },
      targetSubscriptionId: subA.id,
    });

    await waitFor(() => a.requests.length === 1, { what: 'test delivery' });
    expect(verify(a.requests[0]!.body, a.requests[0]!.headers, subA.secret)).toMatchObject({
      type: 'webhook.test',
    });
    expect(await deliveryRows(h.pool, subB.id)).toEqual([]);
    expect(b.requests).toHaveLength(0);
  });

  it('a delivery enqueued twice (a reconciler re-add) is attempted once', async () => {
    const tenant = h.newTenant();
    const r = await receiver();
    const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    await waitFor(() => r.requests.length === 1);
    const [row] = await deliveryRows(h.pool, sub.id);
    const again = [{ id: row!.id, subscriptionId: sub.id }];
    await h.engine.queues.enqueueDeliveries(again);
    await h.engine.queues.enqueueDeliveries(again);
    // Finished jobs are removed: once the queue is empty, both re-adds have run.
    await waitFor(
      async () => {
        const counts = await h.engine.queues.delivery.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
        );
        return Object.values(counts).every((n) => n === 0);
      },
      { what: 'the queue to drain' },
    );
    expect(await deliveryRows(h.pool, sub.id)).toHaveLength(1);
    expect(r.requests).toHaveLength(1);
  });

  it('writes the deliveries in the emitting transaction: parked for a disabled subscription, none on rollback', async () => {
    const tenant = h.newTenant();
    const enabled = await h.subscribe(tenant, {
      url: 'https://receiver.example/hooks',
      eventTypes: ['case.created'],
    });
    const disabled = await h.subscribe(tenant, {
      url: 'https://receiver.example/other',
      eventTypes: ['*'],
    });
    await h.pool.query(`UPDATE webhook_subscriptions SET status = 'disabled' WHERE id = $1`, [
      disabled.id,
    ]);

    // Committed, never enqueued: what a crash right after commit leaves.
    const appended = await appendEvent(h.pool, plainEnvelope, {
      tenantId: tenant,
      type: 'case.created',
      data: {},
    });
    const [pending] = await deliveryRows(h.pool, enabled.id);
    expect(appended.deliveries).toEqual([
      { id: pending!.id, subscriptionId: enabled.id, eventId: appended.events[0]!.id },
    ]);
    expect(pending).toMatchObject({ status: 'pending', event_id: appended.events[0]!.id });
    expect(await deliveryRows(h.pool, disabled.id)).toMatchObject([{ status: 'parked' }]);

    const rolledBack = new Error('rolled back');
    await expect(
      withTransaction(h.pool, async (tx) => {
        await appendEvent(tx, plainEnvelope, { tenantId: tenant, type: 'case.created', data: {} });
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await deliveryRows(h.pool, enabled.id)).toHaveLength(1);
    const events = await h.pool.query(`SELECT 1 FROM webhook_events WHERE tenant_id = $1`, [
      tenant,
    ]);
    expect(events.rowCount).toBe(1);
  });
});
