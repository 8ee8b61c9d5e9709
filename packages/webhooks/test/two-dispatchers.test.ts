import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createHarness, type Harness } from './harness';

const TENANTS = 20;
const EVENTS_PER_TENANT = 15;
const TIMEOUT_MS = 2_000;

let h: Harness;
let receiver: Receiver;
beforeAll(async () => {
  h = await createHarness();
  // Answers take up to 90 % of the deadline: a job lock shorter than the
  // deadline would let the other dispatcher take a delivery still in flight.
  receiver = await startReceiver(() => ({
    status: 200,
    delayMs: Math.random() * 0.9 * TIMEOUT_MS,
  }));
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});

it('two dispatchers at once make every delivery, and never one twice at once', async () => {
  const options = { timeoutMs: TIMEOUT_MS, deliveryConcurrency: 20 };
  const dispatchers = [h.startDispatcher(options), h.startDispatcher(options)];
  const tenants = Array.from({ length: TENANTS }, () => h.newTenant());
  for (const tenant of tenants) {
    await h.subscribe(tenant, { url: receiver.url, eventTypes: ['*'] });
  }
  const published: string[] = [];
  for (let i = 0; i < EVENTS_PER_TENANT; i++) {
    const events = await Promise.all(
      tenants.map((tenantId) =>
        h.engine.outbox.publish({ tenantId, type: 'case.created', data: { i } }),
      ),
    );
    published.push(...events.map((e) => e.id));
  }

  const total = TENANTS * EVENTS_PER_TENANT;
  await waitFor(
    async () => {
      const { rows } = await h.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`,
      );
      return rows[0]!.n === total;
    },
    { what: `${total} deliveries to succeed`, timeoutMs: 60_000 },
  );
  const received = receiver.requests.map((r) => String(r.headers['webhook-id']));
  expect(new Set(received)).toEqual(new Set(published));
  // Each request the receiver got is an attempt on record (a second request
  // for an event is only ever a retry after a recorded failure), and no
  // delivery had two attempts in flight at once.
  const { rows: attempts } = await h.pool.query<{
    delivery_id: string;
    started_at: Date;
    duration_ms: number;
  }>(
    `SELECT delivery_id, started_at, duration_ms FROM webhook_attempts ORDER BY delivery_id, attempt_number`,
  );
  expect(received).toHaveLength(attempts.length);
  attempts.forEach((a, i) => {
    const previous = attempts[i - 1];
    if (previous?.delivery_id !== a.delivery_id) return;
    expect(a.started_at.getTime()).toBeGreaterThanOrEqual(
      previous.started_at.getTime() + previous.duration_ms,
    );
  });
  // Both took their share.
  for (const d of dispatchers) {
    const attempts = await d.metrics.attempts.get();
    expect(attempts.values.reduce((sum, v) => sum + v.value, 0)).toBeGreaterThan(0);
  }
});
