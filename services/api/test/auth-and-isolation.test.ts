import { countRows, createHarness, type Harness } from './helpers/harness';
import { apiClient, fields, type ApiClient } from './helpers/api-client';

const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
let alice: ApiClient;
let bob: ApiClient;
let operations: { method: string; path: string; security: string[] }[];

beforeAll(async () => {
  h = await createHarness();
  alice = (await h.newPartner('Alice')).api;
  bob = (await h.newPartner('Bob')).api;
  // Every documented operation; the OpenAPI test checks that this is every route.
  const doc = (await apiClient(h.url).get('/openapi.json')).body;
  operations = Object.entries(
    doc.paths as Record<string, Record<string, { security: object[] }>>,
  ).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{\w+\}/g, 'sub_x'),
      security: op.security.flatMap((s) => Object.keys(s)),
    })),
  );
});
afterAll(() => h.close());

const bySecurity = (scheme: string) => operations.filter((o) => o.security.includes(scheme));

describe('partner authentication', () => {
  it('covers every /v1 route', () => {
    const partnerRoutes = bySecurity('partnerApiKey');
    // Webhooks (13), clients (4), reporting (1), cases (2), the welcome email (5).
    expect(partnerRoutes).toHaveLength(25);
    const customerRoutes = bySecurity('customerToken');
    expect(customerRoutes.map((o) => o.path).sort()).toEqual(['/v1/cases', '/v1/customer/me']);
    expect(operations.filter((o) => o.path.startsWith('/v1/'))).toEqual(
      [...partnerRoutes, ...customerRoutes].sort(
        (a, b) => operations.indexOf(a) - operations.indexOf(b),
      ),
    );
  });

  it('answers 401 problem JSON to every partner route without an API key', async () => {
    for (const { method, path } of bySecurity('partnerApiKey')) {
      const res = await alice.request(method, path, { token: null });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(fields(res)).toEqual(['Authorization']);
    }
  });

  it('answers 401 to a wrong API key, a malformed header, and the admin token', async () => {
    for (const token of ['rpk_' + 'x'.repeat(43), 'nonsense', 'test-admin-token-0123456789']) {
      const res = await alice.get(SUBS, { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    const basic = await alice.get(SUBS, { token: null, headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
  });
});

describe('tenant isolation', () => {
  it("every :id route answers 404 for another partner's subscription, and changes nothing", async () => {
    const sub = (await alice.post(SUBS, { url: 'https://a.example.com/h', eventTypes: ['*'] }))
      .body;
    const before = (await alice.get(`${SUBS}/${sub.id}`)).body;
    const counts = async () => ({
      secrets: await countRows(h.pool, 'webhook_subscription_secrets'),
      events: await countRows(h.pool, 'webhook_events'),
    });
    const countsBefore = await counts();
    const attempts: [string, string, unknown?][] = [
      ['GET', `${SUBS}/${sub.id}`],
      ['PATCH', `${SUBS}/${sub.id}`, { url: 'https://evil.example.com/h' }],
      ['DELETE', `${SUBS}/${sub.id}`],
      ['POST', `${SUBS}/${sub.id}/enable`, { replay: true }],
      ['POST', `${SUBS}/${sub.id}/rotate-secret`],
      ['POST', `${SUBS}/${sub.id}/test`],
      ['POST', `${SUBS}/${sub.id}/recover`, { since: '2020-01-01T00:00:00Z' }],
      ['GET', `${SUBS}/${sub.id}/deliveries`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await bob.request(method, path, { body });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 404,
      });
      expect(res.body).toMatchObject({ status: 404, errors: [{ field: 'id' }] });
    }
    expect((await alice.get(`${SUBS}/${sub.id}`)).body).toEqual(before);
    expect(await counts()).toEqual(countsBefore);
    expect((await bob.get(SUBS)).body).toEqual({ data: [], nextCursor: null });
  });
});
