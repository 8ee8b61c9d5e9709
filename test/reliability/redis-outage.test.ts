import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import {
  deliveryFigures,
  printFigures,
  receivedEventIds,
  secondsSince,
} from '../support/delivery-figures';
import { freePort } from '../support/free-port';
import { partnerSubscribedTo, publishThroughApi, type ApiAnswer } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * Redis (a server of the test's own, without persistence) stopped for 10 s
 * and restarted empty, while clients keep posting events to the API. The API
 * keeps answering 202 (each event is committed in Postgres; its enqueue gives
 * up after 2 s), and once Redis is back the workers reconnect by themselves
 * and the reconciler enqueues everything Redis never took or lost.
 */
const OUTAGE_MS = 10_000;
const SENDERS = 4;
const PAUSE_BETWEEN_MS = 100; // per sender: 40 requests/s, under the admin token's rate limit

let redis: PrivateRedis;
let platform: PlatformEnv;
let baseUrl: string;
let receiver: Receiver | undefined;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv(
    { PORT: String(port), WEBHOOK_TIMEOUT_MS: '1000' },
    { redisUrl: redis.url },
  );
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop('SIGKILL')));
  await receiver?.close();
  await redis.start().catch(() => undefined); // running, whatever the test reached
  await platform.cleanup();
  await redis.cleanup();
});

interface Sent {
  answer: ApiAnswer | Error;
  ms: number;
  duringOutage: boolean;
}

it('Redis down for 10 s: the API keeps accepting events, none is lost, the workers recover by themselves', async () => {
  receiver = await startReceiver();
  const api = startService('api', platform.env);
  const dispatcher = startService('dispatcher', platform.env);
  services.push(api, dispatcher);
  await Promise.all([
    api.waitForOutput(/api started/),
    dispatcher.waitForOutput(/dispatcher started/),
  ]);
  const { partnerId } = await partnerSubscribedTo(baseUrl, receiver.url);
  const started = performance.now();

  let outage = false;
  let sending = true;
  const sent: Sent[] = [];
  const sender = async () => {
    while (sending) {
      const t0 = performance.now();
      const duringOutage = outage;
      const answer = await publishThroughApi(baseUrl, partnerId).catch((e: Error) => e);
      sent.push({ answer, ms: performance.now() - t0, duringOutage });
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_MS));
    }
  };
  const senders = Array.from({ length: SENDERS }, sender);

  await waitFor(() => receiver!.requests.length >= 20, { what: 'deliveries before the outage' });
  await redis.stop();
  outage = true;
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  await redis.start();
  outage = false;
  // Some events after Redis is back, through the same API process.
  const afterRestart = sent.length;
  await waitFor(() => sent.length >= afterRestart + 20, { what: 'requests after the restart' });
  sending = false;
  await Promise.all(senders);

  const failures = sent.filter((s) => s.answer instanceof Error || s.answer.status !== 202);
  expect(
    failures.map((s) => (s.answer instanceof Error ? s.answer.message : s.answer.body)),
  ).toEqual([]);
  const eventIds = sent.map((s) => String((s.answer as ApiAnswer).body!.eventId));
  const inOutage = sent.filter((s) => s.duringOutage);
  expect(inOutage.length).toBeGreaterThan(SENDERS);

  await waitFor(() => deliveryFigures(eventIds, receivedEventIds(receiver!)).lost === 0, {
    what: 'every accepted event to arrive',
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  const figures = deliveryFigures(eventIds, receivedEventIds(receiver));
  printFigures('redis stopped 10 s', figures, {
    acceptedDuringOutage: inOutage.length,
    slowestAnswerDuringOutageMs: Math.round(Math.max(...inOutage.map((s) => s.ms))),
    duration: secondsSince(started),
  });
  expect(figures.lost).toBe(0);
  // Recovered by itself: the same processes, never restarted.
  expect(api.child.exitCode).toBeNull();
  expect(dispatcher.child.exitCode).toBeNull();
});
