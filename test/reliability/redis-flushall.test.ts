import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import {
  deliveryFigures,
  printFigures,
  receivedEventIds,
  secondsSince,
} from '../support/delivery-figures';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * FLUSHALL on a Redis of the test's own while 5,000 events are being
 * delivered: every job, waiting or running, is gone at once. Postgres still
 * holds every pending delivery, and the reconciler re-enqueues those overdue
 * by more than a job lock (2 × 1 s + 5 s here).
 */
const EVENTS = 5_000;
const PUBLISH_IN_FLIGHT = 200;
const IN_FLIGHT = 100;

let redis: PrivateRedis;
let platform: PlatformEnv;
let client: EngineClient;
let receiver: Receiver | undefined;
let dispatcher: ServiceProcess | undefined;

beforeAll(async () => {
  redis = await startPrivateRedis();
  platform = await createPlatformEnv(
    {
      WEBHOOK_TIMEOUT_MS: '1000',
      // One subscription takes every worker slot and none is parked: the
      // reconciler alone restores the work (a flush also loses the parked
      // jobs, which are then found again through their line, more slowly).
      WEBHOOK_DELIVERY_CONCURRENCY: String(IN_FLIGHT),
      WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION: String(IN_FLIGHT),
    },
    { redisUrl: redis.url },
  );
  client = engineClient(platform);
});
afterAll(async () => {
  await dispatcher?.stop('SIGKILL');
  await receiver?.close();
  await client.close();
  await platform.cleanup();
  await redis.cleanup();
});

it('FLUSHALL while 5,000 events are in flight loses none: the reconciler re-enqueues from Postgres', async () => {
  receiver = await startReceiver(() => ({ status: 200, delayMs: 5 }));
  const sub = await client.subscribe({ url: receiver.url, eventTypes: ['*'] });
  const started = performance.now();

  // Committed and queued before any dispatcher runs, so the flush lands mid-way.
  const eventIds: string[] = [];
  for (let i = 0; i < EVENTS; i += PUBLISH_IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(PUBLISH_IN_FLIGHT, EVENTS - i) }, (_, j) =>
      client.engine.outbox.publish({
        tenantId: client.tenantId,
        type: 'case.created',
        data: { i: i + j },
      }),
    );
    eventIds.push(...(await Promise.all(batch)).map((e) => e.id));
  }
  dispatcher = startService('dispatcher', platform.env);
  await waitFor(() => receiver!.requests.length >= EVENTS / 10, {
    what: 'a tenth of the deliveries',
    timeoutMs: 60_000,
  });
  await redis.flushAll();
  const atFlush = new Set(receivedEventIds(receiver)).size;
  expect(atFlush).toBeLessThan(EVENTS);

  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === EVENTS, {
    what: 'every delivery to succeed after the flush',
    timeoutMs: 100_000,
    intervalMs: 250,
  });
  const figures = deliveryFigures(eventIds, receivedEventIds(receiver));
  printFigures('redis FLUSHALL mid-delivery', figures, {
    deliveredBeforeFlush: atFlush,
    duration: secondsSince(started),
  });
  expect(figures).toMatchObject({ accepted: EVENTS, delivered: EVENTS, lost: 0 });
  // A delivery in flight at the flush lost its job and its lock: the
  // reconciler may enqueue it again before its attempt is recorded.
  expect(figures.duplicated).toBeLessThanOrEqual(IN_FLIGHT);
  expect(dispatcher.output()).toMatch(/reconciler re-enqueued overdue deliveries/);
});
