import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createWebhookEngine, type WebhookEngine } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
// The harness's engine allows http and loopback (its receivers live there);
// this one has the production policy, on the same database.
let strict: WebhookEngine;
const receivers: Receiver[] = [];

beforeAll(async () => {
  h = await createHarness();
  strict = createWebhookEngine({ ...h.engine.options, allowHttp: false, allowPrivateUrls: false });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await strict.close();
  await h.close();
});

async function subscriptionCount(tenantId: string): Promise<number> {
  const { rows } = await h.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_subscriptions WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0]!.n;
}

describe('the subscription URL policy is the service’s own, whoever calls it', () => {
  it.each([
    ['http://hooks.example.com/in', 'must use https'],
    ['https://127.0.0.1/in', 'must not point to a private or loopback address'],
    ['https://user:secret@hooks.example.com/in', 'must not contain credentials'],
    ['not a url', 'must be an absolute URL'],
  ])('create refuses %s, says why, and stores nothing', async (url, problem) => {
    const tenant = h.newTenant();
    const result = await strict.subscriptions.create(tenant, { url, eventTypes: ['*'] });
    expect(result).toEqual({ outcome: 'invalid_url', problem });
    expect(await subscriptionCount(tenant)).toBe(0);
  });

  it('create accepts a public https URL', async () => {
    const tenant = h.newTenant();
    const result = await strict.subscriptions.create(tenant, {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
    });
    expect(result).toMatchObject({
      outcome: 'created',
      subscription: { url: 'https://hooks.example.com/in', secret: expect.any(String) },
    });
  });

  it('update refuses a bad URL and leaves the subscription as it was; other changes pass', async () => {
    const tenant = h.newTenant();
    const created = await strict.subscriptions.create(tenant, {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
    });
    if (created.outcome !== 'created') throw new Error(created.problem);
    const id = created.subscription.id;

    const refused = await strict.subscriptions.update(tenant, id, {
      url: 'https://10.0.0.8/in',
      eventTypes: ['case.created'],
    });
    expect(refused).toEqual({
      outcome: 'invalid_url',
      problem: 'must not point to a private or loopback address',
    });
    expect(await strict.subscriptions.get(tenant, id)).toMatchObject({
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
    });

    const changed = await strict.subscriptions.update(tenant, id, { eventTypes: ['case.created'] });
    expect(changed).toMatchObject({
      outcome: 'updated',
      subscription: { eventTypes: ['case.created'] },
    });
  });
});

describe('sendTestEvent', () => {
  it('delivers webhook.test to that subscription only, whatever its event types', async () => {
    h.startDispatcher();
    const [target, sibling] = await Promise.all([startReceiver(), startReceiver()]);
    receivers.push(target, sibling);
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, { url: target.url, eventTypes: ['case.created'] });
    const other = await h.subscribe(tenant, { url: sibling.url, eventTypes: ['*'] });

    const sent = await h.engine.subscriptions.sendTestEvent(tenant, sub.id);
    if (sent.outcome !== 'sent') throw new Error(`not sent: ${sent.outcome}`);

    const received = await waitFor(() => target.requests[0], { what: 'the test event' });
    expect(JSON.parse(received.body)).toMatchObject({
      id: sent.eventId,
      type: 'webhook.test',
      data: { subscriptionId: sub.id, message: expect.any(String) },
    });
    // An event's deliveries are written with it: none for the sibling.
    expect(await deliveryRows(h.pool, other.id)).toEqual([]);
  });

  it('refuses a disabled subscription (the event would only be parked) and another tenant’s', async () => {
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
    });
    expect(await h.engine.subscriptions.sendTestEvent(h.newTenant(), sub.id)).toEqual({
      outcome: 'not_found',
    });

    await h.pool.query(`UPDATE webhook_subscriptions SET status = 'disabled' WHERE id = $1`, [
      sub.id,
    ]);
    expect(await h.engine.subscriptions.sendTestEvent(tenant, sub.id)).toEqual({
      outcome: 'subscription_disabled',
    });
    const { rows } = await h.pool.query(`SELECT 1 FROM webhook_events WHERE tenant_id = $1`, [
      tenant,
    ]);
    expect(rows).toEqual([]);
  });
});
