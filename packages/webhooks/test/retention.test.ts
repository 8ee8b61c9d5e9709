import { createLogger } from '@referral/logger';
import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { appendEvent, listPeriods, PartitionRetention } from '../src';
import { attemptRows, createHarness, deliveryRows, type Harness } from './harness';

const DAY_MS = 86_400_000;
let h: Harness;
let retention: PartitionRetention;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher({ retryBaseMs: 5 });
  retention = new PartitionRetention(
    h.pool,
    createLogger({ name: 't', level: 'silent', format: 'json' }),
    {
      succeededDays: 30,
      failedDays: 90,
    },
  );
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function receiver(status: number) {
  const r = await startReceiver(() => ({ status }));
  receivers.push(r);
  return r;
}

/** A delivery's row wherever it lives, with the branch it is in. */
async function delivery(id: string) {
  const { rows } = await h.pool.query<{ status: string; kept: boolean; event_id: string }>(
    `SELECT status, kept, event_id FROM webhook_deliveries WHERE id = $1`,
    [id],
  );
  return rows[0];
}

async function event(id: string) {
  const { rows } = await h.pool.query<{ kept: boolean }>(
    `SELECT kept FROM webhook_events WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Deliveries without their event, attempts without their delivery: none, ever. */
async function orphans() {
  const { rows } = await h.pool.query<{ deliveries: number; attempts: number }>(
    `SELECT (SELECT count(*) FROM webhook_deliveries d
             WHERE NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.id = d.event_id)) AS deliveries,
            (SELECT count(*) FROM webhook_attempts a
             WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = a.delivery_id)) AS attempts`,
  );
  return rows[0];
}

const statusOf = async (subscriptionId: string) =>
  (await deliveryRows(h.pool, subscriptionId))[0]?.status;

describe('retention by whole partitions', () => {
  it('drops what the horizons passed, keeps failed and parked deliveries longer, and creates partitions ahead', async () => {
    const now = Date.now();
    // Tenant A: one event to a subscription that answers 200, one that
    // answers 500 and one that is disabled: succeeded, failed and parked
    // deliveries sharing one event. (Only the failing one asks for every
    // type; the others would also hear of its exhausted delivery.)
    const tenant = h.newTenant();
    const ok = await h.subscribe(tenant, {
      url: (await receiver(200)).url,
      eventTypes: ['case.created'],
    });
    const failing = await h.subscribe(tenant, {
      url: (await receiver(500)).url,
      eventTypes: ['*'],
    });
    const disabled = await h.subscribe(tenant, {
      url: (await receiver(200)).url,
      eventTypes: ['case.created'],
    });
    await h.pool.query(`UPDATE webhook_subscriptions SET status = 'disabled' WHERE id = $1`, [
      disabled.id,
    ]);
    const shared = await h.engine.outbox.publish({
      tenantId: tenant,
      type: 'case.created',
      data: {},
    });
    // Tenant B: an event whose one delivery succeeds.
    const other = h.newTenant();
    const otherSub = await h.subscribe(other, {
      url: (await receiver(200)).url,
      eventTypes: ['*'],
    });
    const alone = await h.engine.outbox.publish({
      tenantId: other,
      type: 'case.created',
      data: {},
    });
    await waitFor(
      async () =>
        (await statusOf(ok.id)) === 'succeeded' &&
        (await statusOf(failing.id)) === 'failed' &&
        (await statusOf(otherSub.id)) === 'succeeded',
      { what: 'the deliveries to settle', timeoutMs: 30_000 },
    );
    const [succeeded] = await deliveryRows(h.pool, ok.id);
    const [failed] = await deliveryRows(h.pool, failing.id);
    const [parked] = await deliveryRows(h.pool, disabled.id);
    const [aloneDelivery] = await deliveryRows(h.pool, otherSub.id);
    expect(parked!.status).toBe('parked');
    // Tenant C has no subscription: an event with no delivery.
    const undelivered = await appendEvent(h.pool, plainEnvelope, {
      tenantId: h.newTenant(),
      type: 'case.created',
      data: {},
    });
    expect(undelivered.deliveries).toHaveLength(0);
    // Tenant D: committed and never enqueued, so its delivery stays pending.
    const pendingTenant = h.newTenant();
    await h.subscribe(pendingTenant, {
      url: (await receiver(200)).url,
      eventTypes: ['*'],
    });
    const pending = await appendEvent(h.pool, plainEnvelope, {
      tenantId: pendingTenant,
      type: 'case.created',
      data: {},
    });

    // The periods holding today's rows, as the job names them.
    const holding = (kept: boolean) => {
      const period = periods.find(
        (p) => p.kept === kept && p.from && +p.from <= now && now < +p.to,
      );
      return `${kept ? 'kept' : 'short'} ${period!.from!.toISOString().slice(0, 10)}`;
    };
    let periods = await listPeriods(h.pool);
    const thisWeek = holding(false);
    const theseFourWeeks = holding(true);

    // Today: nothing of today is due.
    const today = await retention.run(new Date(now));
    expect(today.moved).toBe(0);
    expect(today.dropped).not.toContain(thisWeek);
    expect(await delivery(succeeded!.id)).toMatchObject({ kept: false });

    // 40 days on, this week is past the 30-day horizon, but a delivery in it
    // is still pending: the period waits, whole.
    const later = new Date(now + 40 * DAY_MS);
    const waiting = await retention.run(later);
    expect(waiting.postponed).toEqual([thisWeek]);
    expect(await delivery(succeeded!.id)).toMatchObject({ kept: false });
    await h.pool.query(`UPDATE webhook_deliveries SET status = 'succeeded' WHERE id = $1`, [
      pending.deliveries[0]!.id,
    ]);

    const retired = await retention.run(later);
    expect(retired.moved).toBe(2);
    expect(retired.postponed).toEqual([]);
    expect(retired.dropped).toContain(thisWeek);
    // Succeeded deliveries, their attempts, and events nobody kept are gone.
    expect(await delivery(succeeded!.id)).toBeUndefined();
    expect(await attemptRows(h.pool, succeeded!.id)).toEqual([]);
    expect(await delivery(aloneDelivery!.id)).toBeUndefined();
    expect(await event(alone.id)).toBeUndefined();
    expect(await event(undelivered.events[0]!.id)).toBeUndefined();
    expect(await delivery(pending.deliveries[0]!.id)).toBeUndefined();
    // Failed and parked ones moved, with their attempts and the shared event.
    expect(await delivery(failed!.id)).toMatchObject({ status: 'failed', kept: true });
    expect(await delivery(parked!.id)).toMatchObject({ status: 'parked', kept: true });
    expect(await attemptRows(h.pool, failed!.id)).toHaveLength(9);
    expect((await attemptRows(h.pool, failed!.id)).every((a) => a.kept)).toBe(true);
    expect(await event(shared.id)).toEqual({ kept: true });
    expect(await orphans()).toEqual({ deliveries: 0, attempts: 0 });
    // Partitions exist two weeks past the clock the job was given.
    periods = await listPeriods(h.pool);
    const lastShort = Math.max(...periods.filter((p) => !p.kept).map((p) => p.to.getTime()));
    expect(lastShort).toBeGreaterThanOrEqual(later.getTime() + 14 * DAY_MS);
    expect(periods.every((p) => p.kept || p.to.getTime() > later.getTime() - 30 * DAY_MS)).toBe(
      true,
    );

    // A kept delivery redelivered long after: its attempt joins it in the kept branch.
    await h.pool.query(`UPDATE webhook_subscriptions SET url = $2 WHERE id = $1`, [
      failing.id,
      (await receiver(200)).url,
    ]);
    expect(await h.engine.deliveries.redeliver(tenant, failed!.id)).toMatchObject({
      outcome: 'queued',
    });
    await waitFor(async () => (await delivery(failed!.id))?.status === 'succeeded', {
      what: 'the redelivery to succeed',
    });
    const attempts = await attemptRows(h.pool, failed!.id);
    expect(attempts).toHaveLength(10);
    expect(attempts[9]).toMatchObject({ succeeded: true, kept: true });

    // 130 days on, the kept period is past the 90-day horizon; a pending
    // delivery in it (a replay) holds it until it settles.
    const muchLater = new Date(now + 130 * DAY_MS);
    await h.pool.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1`, [
      parked!.id,
    ]);
    const held = await retention.run(muchLater);
    expect(held.postponed).toEqual([theseFourWeeks]);
    expect(await delivery(parked!.id)).toMatchObject({ kept: true });
    await h.pool.query(`UPDATE webhook_deliveries SET status = 'parked' WHERE id = $1`, [
      parked!.id,
    ]);
    const gone = await retention.run(muchLater);
    expect(gone.dropped).toEqual([theseFourWeeks]);
    expect(await delivery(failed!.id)).toBeUndefined();
    expect(await delivery(parked!.id)).toBeUndefined();
    expect(await attemptRows(h.pool, failed!.id)).toEqual([]);
    expect(await event(shared.id)).toBeUndefined();
    expect(await orphans()).toEqual({ deliveries: 0, attempts: 0 });
  });
});
