import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import {
  deliveryFigures,
  printFigures,
  receivedEventIds,
  secondsSince,
} from '../support/delivery-figures';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

const EVENTS = 30;
const LOAD_EVENTS = 300;
let platform: PlatformEnv;
let client: EngineClient;
// What a test starts, it stops: no process or receiver outlives its test.
const processes: ServiceProcess[] = [];
const receivers: Receiver[] = [];
const clients: EngineClient[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv({
    WEBHOOK_TIMEOUT_MS: '1500',
    // At most the per-subscription cap in flight, so no job is parked for a
    // slot: a killed dispatcher's parked jobs would wait for their safety-net
    // wake-up (30 s and more), which would only make these tests long.
    WEBHOOK_DELIVERY_CONCURRENCY: '10',
  });
  client = engineClient(platform);
});
afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await client.close();
  await platform.cleanup();
});

async function receiverAnswering(reply: Receiver['reply']): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

function receivedIds(receiver: Receiver): string[] {
  return [...new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])))].sort();
}

/** Publish `count` events one after another; their ids in order. */
async function publishEvents(count: number, type: 'case.created' | 'payout.created') {
  const eventIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = await client.engine.outbox.publish({
      tenantId: client.tenantId,
      type,
      data: { i },
    });
    eventIds.push(event.id);
  }
  return eventIds;
}

function dispatcher() {
  const p = startService('dispatcher', platform.env);
  processes.push(p);
  return p;
}

it('killing the dispatcher in the middle of deliveries loses nothing: after a restart every event arrives', async () => {
  // The receiver answers nothing until the first dispatcher is dead, so every
  // request it sent is in flight when it is killed (and none can succeed).
  let killed!: () => void;
  const afterKill = new Promise<void>((resolve) => (killed = resolve));
  const receiver = await receiverAnswering(() => ({ status: 200, holdUntil: afterKill }));
  const sub = await client.subscribe({ url: receiver.url, eventTypes: ['*'] });
  const first = dispatcher();
  await first.waitForOutput(/dispatcher started/);

  const eventIds = await publishEvents(EVENTS, 'case.created');
  await waitFor(() => receiver.requests.length > 0, { what: 'first requests in flight' });
  first.child.kill('SIGKILL');
  await first.exited;
  const inFlightAtKill = receiver.requests.length;
  killed();
  // Killed mid-way: requests in flight, none answered, perhaps deliveries not yet enqueued.
  expect((await client.statusCounts(sub.id)).succeeded).toBeUndefined();

  const second = dispatcher();
  await second.waitForOutput(/dispatcher started/);
  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === EVENTS, {
    what: 'every delivery to succeed after the restart',
    timeoutMs: 60_000,
  });
  expect(receivedIds(receiver)).toEqual([...eventIds].sort());
  const figures = deliveryFigures(eventIds, receivedEventIds(receiver));
  printFigures('dispatcher SIGKILL, every request held', figures, { inFlightAtKill });
  expect(figures.duplicated).toBeLessThanOrEqual(inFlightAtKill);
});

it('SIGKILL under load, then a restart: none lost, and only deliveries in flight at the kill are sent twice', async () => {
  // A tenant of its own: the failing subscriptions of the tests before emit
  // operational events to every `*` subscription of theirs.
  const own = engineClient(platform);
  clients.push(own);
  const receiver = await receiverAnswering(() => ({ status: 200, delayMs: 100 }));
  const sub = await own.subscribe({ url: receiver.url, eventTypes: ['*'] });
  const first = dispatcher();
  await first.waitForOutput(/dispatcher started/);
  const started = performance.now();

  const events = await Promise.all(
    Array.from({ length: LOAD_EVENTS }, (_, i) =>
      own.engine.outbox.publish({ tenantId: own.tenantId, type: 'payout.created', data: { i } }),
    ),
  );
  const eventIds = events.map((e) => e.id);
  await waitFor(() => receiver.requests.length >= LOAD_EVENTS / 4, { what: 'a quarter delivered' });
  first.child.kill('SIGKILL');
  await first.exited;
  // In flight at the kill: sent (the receiver has the request) but not recorded as succeeded.
  const sentAtKill = new Set(receivedEventIds(receiver)).size;
  const recordedAtKill = (await own.statusCounts(sub.id)).succeeded ?? 0;
  const inFlightAtKill = sentAtKill - recordedAtKill;
  expect(sentAtKill).toBeLessThan(LOAD_EVENTS);

  await dispatcher().waitForOutput(/dispatcher started/);
  await waitFor(async () => (await own.statusCounts(sub.id)).succeeded === LOAD_EVENTS, {
    what: 'every delivery to succeed after the restart',
    timeoutMs: 60_000,
  });
  const figures = deliveryFigures(eventIds, receivedEventIds(receiver));
  printFigures('dispatcher SIGKILL mid-delivery', figures, {
    inFlightAtKill,
    duration: secondsSince(started),
  });
  expect(figures).toMatchObject({ accepted: LOAD_EVENTS, delivered: LOAD_EVENTS, lost: 0 });
  expect(figures.duplicated).toBeLessThanOrEqual(inFlightAtKill);
});

it('flushing Redis while no dispatcher runs loses nothing: the reconciler re-enqueues from Postgres', async () => {
  const receiver = await receiverAnswering(() => ({ status: 200 }));
  const sub = await client.subscribe({ url: receiver.url, eventTypes: ['payout.created'] });
  // No dispatcher runs: the events' jobs wait in Redis, then Redis forgets them all.
  const eventIds = await publishEvents(10, 'payout.created');
  expect((await client.engine.queues.delivery.getJobCounts()).waiting).toBeGreaterThan(0);
  await platform.redis.flush();
  expect(await client.engine.queues.delivery.getJobCounts()).toMatchObject({ waiting: 0 });

  const d = dispatcher();
  await d.waitForOutput(/dispatcher started/);
  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === 10, {
    what: 'reconciled deliveries',
    timeoutMs: 60_000,
  });
  expect(receivedIds(receiver)).toEqual([...eventIds].sort());
  expect(d.output()).toMatch(/reconciler re-enqueued overdue deliveries/);
});
