import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

const EVENTS = 30;
let platform: PlatformEnv;
let client: EngineClient;
// What a test starts, it stops: no process or receiver outlives its test.
const processes: ServiceProcess[] = [];
const receivers: Receiver[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv({ WEBHOOK_TIMEOUT_MS: '1500' });
  client = engineClient(platform);
});
afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
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

it('flushing Redis in the middle of deliveries loses nothing: work in flight finishes, the rest is re-enqueued', async () => {
  const receiver = await receiverAnswering(() => ({ status: 200, delayMs: 200 }));
  const sub = await client.subscribe({ url: receiver.url, eventTypes: ['*'] });
  const d = dispatcher();
  await d.waitForOutput(/dispatcher started/);
  const eventIds = await publishEvents(EVENTS, 'case.created');
  await waitFor(() => receiver.requests.length > 0, { what: 'first requests in flight' });
  await platform.redis.flush();

  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === EVENTS, {
    what: 'every delivery to succeed after the flush',
    timeoutMs: 60_000,
  });
  expect(receivedIds(receiver)).toEqual([...eventIds].sort());
});
