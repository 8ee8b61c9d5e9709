import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

const EVENTS = 30;
let platform: PlatformEnv;
let client: EngineClient;
let receiver: Receiver;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv({ WEBHOOK_TIMEOUT_MS: '1500' });
  client = engineClient(platform);
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await receiver?.close();
  await client.close();
  await platform.cleanup();
});

function dispatcher() {
  const p = startService('dispatcher', platform.env);
  processes.push(p);
  return p;
}

it('killing the dispatcher in the middle of deliveries loses nothing: after a restart every event arrives', async () => {
  // Slow answers keep deliveries in flight when the process is killed.
  receiver = await startReceiver(() => ({ status: 200, delayMs: 400 }));
  const sub = await client.subscribe({
    url: receiver.url,
    eventTypes: ['*'],
  });
  const first = dispatcher();
  await first.waitForOutput(/dispatcher started/);

  const eventIds: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const event = await client.engine.outbox.publish({
      tenantId: client.tenantId,
      type: 'case.created',
      data: { i },
    });
    eventIds.push(event.id);
  }
  await waitFor(() => receiver.requests.length > 0, { what: 'first requests in flight' });
  first.child.kill('SIGKILL');
  await first.exited;
  const receivedBeforeKill = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
  expect(receivedBeforeKill.size).toBeLessThan(EVENTS);

  const second = dispatcher();
  await second.waitForOutput(/dispatcher started/);
  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === EVENTS, {
    what: 'every delivery to succeed after the restart',
    timeoutMs: 60_000,
  });
  const received = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
  expect([...received].sort()).toEqual([...eventIds].sort());
});

it('flushing Redis loses nothing: the reconciler re-enqueues from Postgres', async () => {
  receiver = await startReceiver(() => ({ status: 200 }));
  const sub = await client.subscribe({
    url: receiver.url,
    eventTypes: ['payout.created'],
  });
  // No dispatcher runs: events and their jobs pile up, then Redis forgets them all.
  const eventIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    eventIds.push(
      (
        await client.engine.outbox.publish({
          tenantId: client.tenantId,
          type: 'payout.created',
          data: { i },
        })
      ).id,
    );
  }
  await platform.redis.flush();
  expect(await client.engine.queues.fanOut.getJobCounts()).toMatchObject({ waiting: 0 });

  const d = dispatcher();
  await d.waitForOutput(/dispatcher started/);
  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === 10, {
    what: 'reconciled deliveries',
    timeoutMs: 60_000,
  });
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(eventIds));
  await d.stop();
});
