import { startReceiver, type Receiver } from '@referral/testing';
import { DeliveryStore } from '../src/sending/delivery-store';
import { attemptRows, createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
let observer: Receiver;
beforeAll(async () => {
  h = await createHarness();
  observer = await startReceiver();
});
afterAll(async () => {
  await observer.close();
  await h.close();
});

const ok = { succeeded: true, statusCode: 200, responseBody: 'ok', durationMs: 3 };

describe('the grouped record', () => {
  // 0 when read: the lean statement; 2: the statement that resets short streaks.
  it.each([0, 2])(
    'a success whose subscription, at %d failures when read, reached 5 before the write resets it and reports the recovery',
    async (whenRead) => {
      const tenant = h.newTenant();
      const sub = await h.subscribe(tenant, {
        url: 'https://receiver.example/hooks',
        eventTypes: ['*'],
      });
      await h.subscribe(tenant, {
        url: observer.url,
        eventTypes: ['webhook.subscription_recovered'],
      });
      await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
      const [row] = await deliveryRows(h.pool, sub.id);
      await h.pool.query(
        `UPDATE webhook_subscriptions SET consecutive_failures = $2 WHERE id = $1`,
        [sub.id, whenRead],
      );
      const store = new DeliveryStore(h.pool, h.engine.outbox);
      const ctx = (await store.load(row!.id))!;
      expect(ctx.consecutiveFailures).toBe(whenRead);

      // Other deliveries of the subscription failed meanwhile.
      await h.pool.query(
        `UPDATE webhook_subscriptions SET consecutive_failures = 5 WHERE id = $1`,
        [sub.id],
      );
      const recorded = await store.record({
        delivery: ctx,
        attempt: { startedAt: new Date(), outcome: ok, requestHeaders: {} },
        verdict: { status: 'succeeded' },
      });

      expect(recorded).toEqual({ attemptNumber: 1, subscriptionDisabled: false });
      expect((await deliveryRows(h.pool, sub.id))[0]).toMatchObject({ status: 'succeeded' });
      expect(await attemptRows(h.pool, row!.id)).toMatchObject([
        { attempt_number: 1, succeeded: true, status_code: 200, request_headers: null },
      ]);
      expect((await h.engine.subscriptions.get(tenant, sub.id))?.consecutiveFailures).toBe(0);
      const { rows: reports } = await h.pool.query<{ payload: string }>(
        `SELECT payload FROM webhook_events WHERE tenant_id = $1 AND type = 'webhook.subscription_recovered'`,
        [tenant],
      );
      expect(reports.map((r) => JSON.parse(r.payload).data)).toEqual([
        {
          subscriptionId: sub.id,
          url: 'https://receiver.example/hooks',
          failedDeliveriesBefore: 5,
        },
      ]);
    },
  );
});
