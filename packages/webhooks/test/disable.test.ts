import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import type { Dispatcher } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
let dispatcher: Dispatcher;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  dispatcher = h.startDispatcher({ retryBaseMs: 5 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

/** A receiver that fails every event whose data has `fail: true`, or everything while `down`. */
async function subscribe() {
  const state = { down: false };
  const r = await startReceiver((req) =>
    state.down || (JSON.parse(req.body) as { data: { fail?: boolean } }).data.fail
      ? { status: 500 }
      : { status: 200 },
  );
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  return { r, sub, tenant, state };
}

async function publishAndSettle(tenant: string, subscriptionId: string, data: object[]) {
  const expected = (await deliveryRows(h.pool, subscriptionId)).length + data.length;
  for (const d of data)
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: d });
  await waitFor(
    async () => {
      const rows = await deliveryRows(h.pool, subscriptionId);
      return rows.length === expected && rows.every((row) => row.status !== 'pending');
    },
    { what: 'deliveries to settle', timeoutMs: 30_000 },
  );
}

const failing = (n: number) => Array.from({ length: n }, (_, i) => ({ fail: true, n: i }));

// The README promises 8: pinned here as a literal, not read from the engine's constant.
const THRESHOLD = 8;

describe('disable rule', () => {
  it('7 consecutive failed deliveries leave a subscription enabled', async () => {
    const { sub, tenant } = await subscribe();
    await publishAndSettle(tenant, sub.id, failing(THRESHOLD - 1));
    expect(await h.engine.subscriptions.get(tenant, sub.id)).toMatchObject({
      status: 'enabled',
      consecutiveFailures: 7,
      disabledAt: null,
    });
  });

  it('the 8th consecutive failed delivery disables a subscription, and what follows is parked', async () => {
    const { r, sub, tenant } = await subscribe();
    await publishAndSettle(tenant, sub.id, failing(THRESHOLD));
    const disabled = await h.engine.subscriptions.get(tenant, sub.id);
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'consecutive_failures' });
    expect(disabled?.disabledAt).not.toBeNull();

    const before = r.requests.length;
    await publishAndSettle(tenant, sub.id, [{ n: 'after' }]);
    const rows = await deliveryRows(h.pool, sub.id);
    expect(rows.filter((d) => d.status === 'failed')).toHaveLength(8);
    expect(rows.filter((d) => d.status === 'parked')).toHaveLength(1);
    expect(r.requests.length).toBe(before);

    const page = await h.engine.subscriptions.listAcrossTenants({ status: 'disabled' });
    expect(page.data.map((s) => s.id)).toContain(sub.id);
  });

  it('a success in between resets the count', async () => {
    const { sub, tenant } = await subscribe();
    await publishAndSettle(tenant, sub.id, failing(THRESHOLD - 1));
    await publishAndSettle(tenant, sub.id, [{ ok: true }]);
    expect((await h.engine.subscriptions.get(tenant, sub.id))?.consecutiveFailures).toBe(0);
    await publishAndSettle(tenant, sub.id, failing(THRESHOLD - 1));
    expect(await h.engine.subscriptions.get(tenant, sub.id)).toMatchObject({
      status: 'enabled',
      consecutiveFailures: THRESHOLD - 1,
    });
  });

  it('enabling with replay delivers parked and failed deliveries in order of creation', async () => {
    const { r, sub, tenant, state } = await subscribe();
    state.down = true;
    const whileDown = Array.from({ length: THRESHOLD }, (_, n) => ({ n }));
    await publishAndSettle(tenant, sub.id, whileDown);
    await publishAndSettle(tenant, sub.id, [{ n: 'parked-1' }, { n: 'parked-2' }]);
    expect((await h.engine.subscriptions.get(tenant, sub.id))?.status).toBe('disabled');

    // One worker slot, so arrival order is the enqueue order.
    await dispatcher.stop();
    state.down = false;
    r.requests.length = 0;
    const enabled = await h.engine.subscriptions.enable(tenant, sub.id, { replay: true });
    dispatcher = h.startDispatcher({ retryBaseMs: 5, deliveryConcurrency: 1 });
    expect(enabled).toMatchObject({
      outcome: 'enabled',
      replayed: THRESHOLD + 2,
    });
    await waitFor(
      async () => (await deliveryRows(h.pool, sub.id)).every((d) => d.status === 'succeeded'),
      {
        what: 'replayed deliveries',
      },
    );
    const expectedOrder = (await deliveryRows(h.pool, sub.id)).map((d) => d.event_id);
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual(expectedOrder);
    expect((await h.engine.subscriptions.get(tenant, sub.id))?.consecutiveFailures).toBe(0);
  });

  it('enabling without replay leaves parked deliveries parked', async () => {
    const { sub, tenant, state } = await subscribe();
    state.down = true;
    await publishAndSettle(tenant, sub.id, failing(THRESHOLD));
    await publishAndSettle(tenant, sub.id, [{ n: 'parked' }]);
    const enabled = await h.engine.subscriptions.enable(tenant, sub.id);
    expect(enabled).toMatchObject({ outcome: 'enabled', replayed: 0 });
    const rows = await deliveryRows(h.pool, sub.id);
    expect(rows.filter((d) => d.status === 'parked')).toHaveLength(1);
  });
});
