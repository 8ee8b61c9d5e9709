import { startOpsServer, type OpsServer } from '@referral/runtime';
import { createHttpMetrics } from '../src';
import { apiClient, type ApiClient } from './helpers/api-client';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness';

let h: Harness;
let api: ApiClient;
let url: string;
let ops: OpsServer;

beforeAll(async () => {
  h = await createHarness();
  const metrics = createHttpMetrics();
  ({ url } = await h.startApp({ app: { metrics } }));
  ops = await startOpsServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    readiness: { postgres: () => h.pool.query('SELECT 1') },
  });
  const { apiKey } = await h.newPartner();
  api = apiClient(url, apiKey);
});
afterAll(async () => {
  await ops.close();
  await h.close();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${ops.url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample, or undefined when the scrape has none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2]!.split(',');
    if (wanted.every((w) => present.includes(w)) && present.length === wanted.length) {
      return Number(match[3]);
    }
  }
  return undefined;
}

it('counts requests by route template and status, never by raw URL', async () => {
  const created = await api.post('/v1/webhooks/subscriptions', {
    url: 'https://receiver.example/hooks',
    eventTypes: ['*'],
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await api.get(`/v1/webhooks/subscriptions/${id}`)).status).toBe(200);
  expect((await api.get(`/v1/webhooks/subscriptions/${id}`)).status).toBe(200);
  expect((await api.get('/v1/webhooks/subscriptions/sub_doesnotexist')).status).toBe(404);
  expect((await api.get(`/v1/webhooks/subscriptions/${id}`, { token: null })).status).toBe(401);
  expect((await api.get('/no/such/route/42')).status).toBe(404);
  expect((await api.get('/no/such/route/43')).status).toBe(404);
  // A problem thrown inside a mounted router keeps its mount in the label.
  expect((await api.get('/dashboard/api/session')).status).toBe(401);
  expect((await api.get('/admin/queues/api/queues', { token: null })).status).toBe(401);
  expect((await api.get('/admin/queues/api/queues', { token: ADMIN_TOKEN })).status).toBe(200);

  // The SPA's fallback (a pattern route) and a hosted page with its token.
  await (await fetch(`${url}/dashboard/cases/DEB-1`)).text();
  expect((await fetch(`${url}/onboarding/some-unguessable-token`)).status).toBe(404);

  const text = await scrape();
  const requests = (route: string, method: string, status: string) =>
    sample(text, 'http_requests_total', { method, route, status });
  const subscription = '/v1/webhooks/subscriptions/:id';
  expect(requests('/v1/webhooks/subscriptions', 'POST', '201')).toBe(1);
  expect(requests(subscription, 'GET', '200')).toBe(2);
  expect(requests(subscription, 'GET', '404')).toBe(1);
  expect(requests(subscription, 'GET', '401')).toBe(1);
  expect(requests('unmatched', 'GET', '404')).toBe(2);
  expect(requests('/dashboard/api/session', 'GET', '401')).toBe(1);
  expect(requests('/admin/queues/*', 'GET', '401')).toBe(1);
  expect(requests('/admin/queues/api/queues', 'GET', '200')).toBe(1);
  expect([
    ...text.matchAll(
      /^http_requests_total\{method="GET",route="\/dashboard\/\*",status="\d+"\} 1$/gm,
    ),
  ]).toHaveLength(1);
  expect(requests('/onboarding/:token', 'GET', '404')).toBe(1);
  // No id and no unmatched URL became a label.
  expect(text).not.toContain(id);
  expect(text).not.toContain('/no/such/route');
  expect(text).not.toContain('sub_doesnotexist');
  expect(text).not.toContain('some-unguessable-token');
  expect(text).not.toContain('DEB-1');

  const count = (route: string, method: string) =>
    sample(text, 'http_request_duration_seconds_count', { method, route });
  expect(count(subscription, 'GET')).toBe(4);
  const le = (bound: string) =>
    sample(text, 'http_request_duration_seconds_bucket', {
      le: bound,
      method: 'GET',
      route: subscription,
    });
  expect(le('+Inf')).toBe(4);
  expect(le('10')).toBe(4);
  expect(
    sample(text, 'http_request_duration_seconds_sum', { method: 'GET', route: subscription }),
  ).toBeGreaterThan(0);
  // The process's own metrics come along.
  expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
});

it('serves /healthz and /readyz on the ops port, and nothing else', async () => {
  expect(await (await fetch(`${ops.url}/healthz`)).json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${ops.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok' } });
  expect((await fetch(`${ops.url}/v1/webhooks/subscriptions`)).status).toBe(404);
  expect((await fetch(`${ops.url}/metrics`, { method: 'POST' })).status).toBe(405);
});

it('the public port serves no /metrics', async () => {
  const res = await api.get('/metrics', { token: null });
  expect(res.status).toBe(404);
});
