import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createDispatcher, type Dispatcher, type WebhookEngine } from '@referral/webhooks';
import { apiClient, type ApiClient } from '../helpers/api-client';
import { createHarness, type Harness } from '../helpers/harness';
import { startDnsServer, type DnsServer } from './dns-server';
import { changedTables, databaseDigest } from './world';

/**
 * Server-side request forgery: with private URLs disallowed (production's
 * setting), no subscription may point at the platform's own network, whether
 * by its URL, by a name that resolves there only at delivery time, or by a
 * redirect.
 */
const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
let strict: { url: string; engine: WebhookEngine; api: ApiClient };
let dnsServer: DnsServer;
const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];

beforeAll(async () => {
  h = await createHarness();
  // http stays allowed so that a loopback receiver could be reached at all:
  // what refuses it below is the address policy alone.
  const app = await h.startApp({ engine: { allowPrivateUrls: false, allowHttp: true } });
  strict = { ...app, api: apiClient(app.url, (await h.newPartner('Strict')).apiKey) };
  dnsServer = await startDnsServer();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await dnsServer.close();
  await h.close();
});

async function receiver(reply?: Receiver['reply']) {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

function dispatcher(engine: WebhookEngine) {
  const d = createDispatcher(engine, {
    retryBaseMs: 60_000,
    timeoutMs: 2000,
    deliveryConcurrency: 4,
    reconcileIntervalMs: 60_000,
    resolveHost: dnsServer.resolveHost,
  });
  d.start();
  dispatchers.push(d);
  return d;
}

/** Sends a test event to the subscription; waits for its first attempt. */
async function firstAttempt(api: ApiClient, subscriptionId: string) {
  const sent = await api.post(`${SUBS}/${subscriptionId}/test`);
  expect(sent.status).toBe(202);
  const deliveryId = (await api.get(`${SUBS}/${subscriptionId}/deliveries`)).body.data[0].id;
  let attempt: Record<string, unknown> | undefined;
  await waitFor(
    async () => {
      const delivery = (await api.get(`/v1/webhooks/deliveries/${deliveryId}`)).body;
      attempt = delivery.attempts?.[0];
      return attempt !== undefined;
    },
    { what: 'the first attempt' },
  );
  return attempt!;
}

describe('private URLs are refused when subscribing', () => {
  const PRIVATE_URLS = [
    ['10/8', 'http://10.0.0.1/hook'],
    ['172.16/12', 'http://172.20.1.1/hook'],
    ['192.168/16', 'http://192.168.1.10/hook'],
    ['127/8 loopback', 'http://127.0.0.1:8080/hook'],
    ['127/8, another address', 'http://127.10.0.3/hook'],
    ['localhost', 'http://localhost/hook'],
    ['0.0.0.0', 'http://0.0.0.0/hook'],
    ['link-local', 'http://169.254.10.1/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT 100.64/10', 'http://100.64.0.1/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['IPv6 unspecified', 'http://[::]/hook'],
    ['IPv6 unique local fd00::/8', 'http://[fd00::1]/hook'],
    ['IPv6 link-local fe80::/10', 'http://[fe80::1]/hook'],
    ['IPv4-mapped IPv6, dotted', 'http://[::ffff:127.0.0.1]/hook'],
    ['IPv4-mapped IPv6, hex', 'http://[::ffff:7f00:1]/hook'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/hook'],
    ['IPv4-compatible IPv6', 'http://[::127.0.0.1]/hook'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/hook'],
    ['6to4 of loopback', 'http://[2002:7f00:1::1]/hook'],
    ['decimal IPv4', 'http://2130706433/hook'],
    ['hex IPv4', 'http://0x7f.1/hook'],
    ['octal IPv4', 'http://0177.0.0.1/hook'],
    ['short IPv4', 'http://127.1/hook'],
    ['metadata, decimal', 'http://2852039166/hook'],
  ];

  it.each(PRIVATE_URLS)('%s: %s → 400 naming url, nothing stored', async (_what, url) => {
    const before = await databaseDigest(h.pool);
    const res = await strict.api.post(SUBS, { url, eventTypes: ['*'] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'url', message: 'must not point to a private or loopback address' },
    ]);
    expect(changedTables(before, await databaseDigest(h.pool))).toEqual([]);
  });

  it('and when changing a subscription, which keeps its URL', async () => {
    const created = await strict.api.post(SUBS, {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
    });
    expect(created.status).toBe(201);
    const before = await databaseDigest(h.pool);
    for (const [, url] of PRIVATE_URLS) {
      const res = await strict.api.patch(`${SUBS}/${created.body.id}`, { url });
      expect({ url, status: res.status, fields: res.body.errors }).toEqual({
        url,
        status: 400,
        fields: [{ field: 'url', message: 'must not point to a private or loopback address' }],
      });
    }
    expect(changedTables(before, await databaseDigest(h.pool))).toEqual([]);
  });
});

describe('a name that resolves to a private address only at delivery time', () => {
  it.each([
    ['an A record', '127.0.0.1'],
    ['an IPv4-mapped AAAA record', '::ffff:127.0.0.1'],
  ])(
    'is refused at connect time (%s): blocked_address, and no request reaches the address',
    async (_what, privateAddress) => {
      const target = await receiver();
      const port = new URL(target.url).port;
      const name = `hooks-${receivers.length}.rebind.test`;
      // When subscribing, the name points at a public address.
      dnsServer.set(name, ['93.184.215.14']);
      const sub = await strict.api.post(SUBS, {
        url: `http://${name}:${port}/in`,
        eventTypes: ['*'],
      });
      expect(sub.status).toBe(201);
      // Then its owner points it at the loopback receiver.
      dnsServer.set(name, [privateAddress]);
      dispatcher(strict.engine);

      const attempt = await firstAttempt(strict.api, sub.body.id);
      expect(attempt).toMatchObject({ errorKind: 'blocked_address', statusCode: null });
      expect(attempt.errorMessage).toContain(`${name} resolves to a private address`);
      expect(dnsServer.queries).toContain(`A ${name}`);
      expect(target.requests).toHaveLength(0);
    },
  );

  it('the same name and receiver are reached when private addresses are allowed: the refusal is the policy', async () => {
    const target = await receiver();
    const name = 'hooks-allowed.rebind.test';
    dnsServer.set(name, ['::ffff:127.0.0.1']);
    const { api } = await h.newPartner('Lax');
    const sub = await api.post(SUBS, {
      url: `http://${name}:${new URL(target.url).port}/in`,
      eventTypes: ['*'],
    });
    expect(sub.status).toBe(201);
    dispatcher(h.engine);
    const attempt = await firstAttempt(api, sub.body.id);
    expect(attempt).toMatchObject({ statusCode: 200 });
    expect(target.requests).toHaveLength(1);
  });
});

it('a name with no address at delivery time is a DNS failure (retried), not a blocked one', async () => {
  const sub = await strict.api.post(SUBS, {
    url: 'http://nowhere.rebind.test/in',
    eventTypes: ['*'],
  });
  dispatcher(strict.engine);
  const attempt = await firstAttempt(strict.api, sub.body.id);
  expect(attempt).toMatchObject({ errorKind: 'dns', statusCode: null });
  expect(dnsServer.queries).toContain('A nowhere.rebind.test');
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('a %d is a failed attempt, never followed', async (status) => {
    const elsewhere = await receiver();
    const redirecting = await receiver(() => ({
      status,
      headers: { location: `${elsewhere.url}/stolen` },
    }));
    // Loopback receivers: this engine allows private URLs; the redirect is what is tested.
    const { api } = await h.newPartner('Redirected');
    const sub = await api.post(SUBS, { url: `${redirecting.url}/in`, eventTypes: ['*'] });
    dispatcher(h.engine);
    const attempt = await firstAttempt(api, sub.body.id);
    expect(attempt).toMatchObject({ statusCode: status, errorKind: 'http_status' });
    expect(redirecting.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
