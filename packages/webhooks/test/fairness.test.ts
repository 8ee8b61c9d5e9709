import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import type { Dispatcher } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

const EVENTS = 1_000;
const CAP = 10;
const DEADLINE_MS = 30_000;

let h: Harness;
let dispatcher: Dispatcher;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  dispatcher = h.startDispatcher({
    timeoutMs: DEADLINE_MS,
    retryBaseMs: 50,
    deliveryConcurrency: 50,
    maxInFlightPerSubscription: CAP,
  });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

it('a hung receiver holds its own backlog, never the others’ slots; its deliveries then go out once each, oldest first', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const hung = await startReceiver(() => ({ status: 200, holdUntil: released }));
  const healthy = await startReceiver();
  receivers.push(hung, healthy);
  const hungTenant = h.newTenant();
  const healthyTenant = h.newTenant();
  const hungSub = await h.subscribe(hungTenant, { url: hung.url, eventTypes: ['*'] });
  await h.subscribe(healthyTenant, { url: healthy.url, eventTypes: ['*'] });

  // Warm up (connections, prepared statements): the first events of a cold
  // process are not what this test is about.
  await Promise.all(
    Array.from({ length: 20 }, () =>
      h.engine.outbox.publish({ tenantId: healthyTenant, type: 'case.created', data: {} }),
    ),
  );
  await waitFor(() => healthy.requests.length === 20, { what: 'the warm-up' });
  healthy.requests.length = 0;

  // 1,000 events each, interleaved, 5 of each every 20 ms (500 events/s):
  // the hung one's backlog grows while the healthy one's events keep arriving.
  const sentAt = new Map<string, number>();
  for (let round = 0; round < EVENTS / 5; round++) {
    const tick = Date.now();
    await Promise.all(
      [hungTenant, healthyTenant].flatMap((tenantId) =>
        Array.from({ length: 5 }, async () => {
          const started = Date.now();
          const event = await h.engine.outbox.publish({ tenantId, type: 'case.created', data: {} });
          if (tenantId === healthyTenant) sentAt.set(event.id, started);
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20 - (Date.now() - tick))));
  }
  await waitFor(() => healthy.requests.length === EVENTS, { what: 'every healthy delivery' });

  // Fairness, not speed (the 100 ms p99 target is measured by `npm run bench`,
  // on a quiet machine): had the hung receiver's jobs taken the worker slots,
  // the healthy deliveries would wait behind its 30 s deadlines. Half of one
  // is a bound no busy machine reaches while slots are shared fairly.
  const latencies = healthy.requests.map(
    (r) => r.receivedAt - sentAt.get(String(r.headers['webhook-id']))!,
  );
  console.log(
    `[fairness] healthy commit→receipt p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(...latencies)} ms`,
  );
  expect(Math.max(...latencies)).toBeLessThan(DEADLINE_MS / 2);
  // The hung receiver holds exactly its cap; the rest waits its turn.
  expect(hung.requests).toHaveLength(CAP);
  const waitingForSlot = async () =>
    (
      await dispatcher.metrics.registry
        .getSingleMetric('webhook_deliveries_waiting_for_slot')!
        .get()
    ).values[0]?.value;
  await waitFor(async () => (await waitingForSlot()) === EVENTS - CAP, {
    what: 'the rest of the backlog to wait for a slot',
  });
  const pending = (await deliveryRows(h.pool, hungSub.id)).filter((d) => d.status === 'pending');
  expect(pending).toHaveLength(EVENTS);

  // The receiver comes back: every delivery arrives exactly once, in the order made.
  hung.reply = () => ({ status: 200 });
  release();
  await waitFor(
    async () =>
      (await deliveryRows(h.pool, hungSub.id)).filter((d) => d.status === 'succeeded').length ===
      EVENTS,
    { what: 'the backlog to drain', timeoutMs: 60_000 },
  );
  const rank = new Map(
    (await deliveryRows(h.pool, hungSub.id)).map((d, i) => [d.event_id, i] as const),
  );
  const arrived = hung.requests.map((r) => rank.get(String(r.headers['webhook-id']))!);
  expect(new Set(arrived).size).toBe(EVENTS);
  expect(arrived).toHaveLength(EVENTS);
  // In flight CAP at a time, so one may overtake at most CAP of those made before it.
  arrived.forEach((r, position) => expect(r).toBeLessThanOrEqual(position + CAP));
}, 120_000);
