import pg from 'pg';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import {
  deliveryFigures,
  printFigures,
  receivedEventIds,
  secondsSince,
} from '../support/delivery-figures';
import { freePort } from '../support/free-port';
import {
  apiCall,
  partnerSubscribedTo,
  publishThroughApi,
  type ApiAnswer,
} from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * Postgres (a cluster of the test's own) stopped while the dispatcher is
 * delivering, then restarted. Meanwhile the API answers 503 problem JSON and
 * writes nothing; the dispatcher stops taking jobs (those already sent are
 * retried once Postgres is back: the only duplicates). Both processes
 * recover by themselves, and every event accepted is delivered.
 */
// Under the admin token's rate limit (100 requests per 2 s), however fast they go.
const EVENTS = 80;
const OUTAGE_MS = 6_000;

let postgres: PrivatePostgres;
let platform: PlatformEnv;
let baseUrl: string;
let receiver: Receiver | undefined;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv(
    { PORT: String(port), WEBHOOK_TIMEOUT_MS: '2000' },
    { databaseUrl: postgres.url.replace(/\/postgres$/, '/referral_platform') },
  );
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop('SIGKILL')));
  await receiver?.close();
  await platform.cleanup();
  await postgres.cleanup();
});

async function rowCounts(): Promise<{ events: number; deliveries: number }> {
  const client = new pg.Client(platform.env.DATABASE_URL);
  await client.connect();
  try {
    const { rows } = await client.query<{ events: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_events) AS events,
              (SELECT count(*)::int FROM webhook_deliveries) AS deliveries`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

function expectServiceUnavailable(answer: ApiAnswer): void {
  expect({ status: answer.status, contentType: answer.contentType }).toEqual({
    status: 503,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(answer.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
  expect(answer.headers.get('retry-after')).toBe('5');
}

it('Postgres stopped and restarted: the API answers 503 and writes nothing, the dispatcher pauses, both recover, nothing is lost', async () => {
  // Slow enough that deliveries are running when Postgres stops.
  receiver = await startReceiver(() => ({ status: 200, delayMs: 300 }));
  const api = startService('api', platform.env);
  const dispatcher = startService('dispatcher', platform.env);
  services.push(api, dispatcher);
  await Promise.all([
    api.waitForOutput(/api started/, 60_000),
    dispatcher.waitForOutput(/dispatcher started/, 60_000),
  ]);
  const { partnerId, apiKey, subscriptionId } = await partnerSubscribedTo(baseUrl, receiver.url);
  const started = performance.now();

  const eventIds: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const answer = await publishThroughApi(baseUrl, partnerId);
    expect(answer.status).toBe(202);
    eventIds.push(String(answer.body!.eventId));
  }
  await waitFor(() => receiver!.requests.length >= 10, { what: 'deliveries under way' });
  const before = await rowCounts();
  await postgres.stop('fast');

  // The dispatcher notices and stops taking jobs.
  await dispatcher.waitForOutput(/postgres unreachable: deliveries paused/);
  // Every write and read the API is asked for: 503 problem JSON.
  const refused = [
    await publishThroughApi(baseUrl, partnerId),
    await apiCall(baseUrl, 'POST', '/v1/webhooks/subscriptions', apiKey, {
      url: receiver.url,
      eventTypes: ['*'],
    }),
    await apiCall(
      baseUrl,
      'GET',
      `/v1/webhooks/subscriptions/${subscriptionId}/deliveries`,
      apiKey,
    ),
  ];
  for (const answer of refused) expectServiceUnavailable(answer);
  const readiness = await apiCall(baseUrl, 'GET', '/readyz', '');
  expect(readiness).toMatchObject({ status: 503, body: { checks: { postgres: 'failed' } } });
  // A request already on its way when Postgres stopped has arrived by now.
  await new Promise((r) => setTimeout(r, 1_000));
  const sentWhenPaused = receiver.requests.length;
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  // Paused: not one request left the dispatcher while Postgres was down.
  const sentDuringOutage = receiver.requests.length - sentWhenPaused;
  expect(sentDuringOutage).toBe(0);

  await postgres.start();
  // The same API process answers again as soon as Postgres does.
  const after = await waitFor(
    async () => {
      const answer = await publishThroughApi(baseUrl, partnerId);
      return answer.status === 202 ? answer : undefined;
    },
    { what: 'the API to accept events again', timeoutMs: 30_000, intervalMs: 200 },
  );
  eventIds.push(String(after.body!.eventId));
  await dispatcher.waitForOutput(/postgres answers again: deliveries resumed/);

  await waitFor(() => deliveryFigures(eventIds, receivedEventIds(receiver!)).lost === 0, {
    what: 'every accepted event to arrive',
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  // Nothing half-written: the refused requests left no row; each accepted event has its delivery.
  expect(await rowCounts()).toEqual({
    events: before.events + 1,
    deliveries: before.deliveries + 1,
  });
  const figures = deliveryFigures(eventIds, receivedEventIds(receiver));
  printFigures('postgres stopped', figures, {
    refused503: refused.length,
    sentWhilePaused: sentDuringOutage,
    duration: secondsSince(started),
  });
  expect(figures.lost).toBe(0);
  // Only deliveries in flight when Postgres stopped can repeat: at most one per slot (10).
  expect(figures.duplicated).toBeLessThanOrEqual(10);
  expect(api.child.exitCode).toBeNull();
  expect(dispatcher.child.exitCode).toBeNull();
});
