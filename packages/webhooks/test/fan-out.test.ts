import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { verify } from '@referral/webhook-signature';
import { appendEvent } from '../src';
import { fanOut } from '../src/sending/fan-out';
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

async function fannedOut(eventId: string): Promise<boolean> {
  const { rows } = await h.pool.query<{ done: boolean }>(
    `SELECT fanned_out_at IS NOT NULL AS done FROM webhook_events WHERE id = $1`,
    [eventId],
  );
  return rows[0]?.done ?? false;
}

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
    // Every delivery of an event is created by its one fan-out: once the event is
    // marked fanned out, a subscription without a delivery row will get none.
    await waitFor(() => fannedOut(event.id), { what: 'the event to be fanned out' });
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

    const event = await h.engine.outbox.publish({
      tenantId: tenant,
      type: 'webhook.test',
      data: { subscriptionId: subA.id, message: 'hello' },
      targetSubscriptionId: subA.id,
    });

    await waitFor(() => a.requests.length === 1, { what: 'test delivery' });
    expect(verify(a.requests[0]!.body, a.requests[0]!.headers, subA.secret)).toMatchObject({
      type: 'webhook.test',
    });
    await waitFor(() => fannedOut(event.id), { what: 'the event to be fanned out' });
    expect(await deliveryRows(h.pool, subB.id)).toEqual([]);
    expect(b.requests).toHaveLength(0);
  });

  it('fanning out the same event twice creates no second delivery', async () => {
    const tenant = h.newTenant();
    const r = await receiver();
    const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
    const event = await h.engine.outbox.publish({
      tenantId: tenant,
      type: 'case.created',
      data: {},
    });
    await waitFor(() => r.requests.length === 1);
    await h.engine.queues.enqueueFanOut([event.id]);
    await h.engine.queues.enqueueFanOut([event.id]);
    // Finished jobs are removed: both fan-outs and any delivery they queued have run.
    await waitFor(
      async () => {
        const counts = await Promise.all([
          h.engine.queues.fanOut.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          h.engine.queues.delivery.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        ]);
        return counts.every((c) => Object.values(c).every((n) => n === 0));
      },
      { what: 'the queues to drain' },
    );
    expect(await deliveryRows(h.pool, sub.id)).toHaveLength(1);
    expect(r.requests).toHaveLength(1);
  });

  it('a repeated fan-out (crash before enqueue) returns the deliveries still pending', async () => {
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, {
      url: 'https://receiver.example/hooks',
      eventTypes: ['case.created'],
    });
    // Committed but never enqueued: nothing else fans it out during the test.
    const event = await appendEvent(h.pool, plainEnvelope, {
      tenantId: tenant,
      type: 'case.created',
      data: {},
    });
    const other = await appendEvent(h.pool, plainEnvelope, {
      tenantId: tenant,
      type: 'payout.created',
      data: {},
    });

    const first = await fanOut(h.pool, [event.id, other.id]);
    const [row] = await deliveryRows(h.pool, sub.id);
    expect(first).toEqual([[row!.id], []]);
    expect(await fanOut(h.pool, [event.id, other.id])).toEqual([[row!.id], []]);

    await h.pool.query(`UPDATE webhook_deliveries SET status = 'succeeded' WHERE id = $1`, [
      row!.id,
    ]);
    expect(await fanOut(h.pool, [event.id])).toEqual([[]]);
    expect(await deliveryRows(h.pool, sub.id)).toHaveLength(1);
  });
});
