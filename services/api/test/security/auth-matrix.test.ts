import { randomBytes } from 'node:crypto';
import { dashboardApi } from '@referral/dashboard-contract';
import { apiClient, type ApiResponse } from '../helpers/api-client';
import { dashboardAgent, type DashboardAgent } from '../helpers/dashboard';
import {
  changedTables,
  createSecurityWorld,
  databaseDigest,
  documentedOperations,
  type Operation,
  type SecurityWorld,
} from './world';

/**
 * The authorization matrix, generated from the live /openapi.json: every
 * documented route, called with every credential that must not open it.
 *
 * What we answer, by route kind:
 * - no credential, or a credential that is not one of this route's kind (a
 *   wrong key, the admin token on a partner route, a partner key or a
 *   customer token on an admin route, …) → 401: for that realm it is no
 *   credential at all, so there is nothing to be forbidden.
 * - a partner's valid key on another partner's ids → 404, the same answer as
 *   for an id that does not exist: a partner learns nothing of another's data.
 * And after each call, every row of every table is as it was.
 */
let w: SecurityWorld;
let operations: Operation[];
let calls = 0;

beforeAll(async () => {
  w = await createSecurityWorld();
  operations = await documentedOperations(w.url);
}, 120_000);
afterAll(async () => {
  console.log(`authorization matrix: ${calls} refused calls, each with every table unchanged`);
  await w.h.close();
});

/** The only routes anyone may call: a new route without auth fails here. */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /openapi.json', 'GET /readyz'];

/** B's ids, by the path they appear in. */
function bPath(op: Operation): string {
  const ids: [RegExp, string][] = [
    [/^\/(v1\/webhooks|admin)\/subscriptions\/\{id\}/, w.b.subscriptionId],
    [/^\/(v1\/webhooks|admin)\/deliveries\/\{id\}/, w.b.deliveryId],
    [/^\/(v1|admin)\/clients\/\{id\}/, w.b.clientId],
    [/^\/admin\/partners\/\{id\}/, w.b.partnerId],
    [/^\/admin\/links\/\{id\}/, w.b.linkId],
    [/^\/(v1|admin)\/cases\/\{reference\}/, w.b.caseReference],
    [/^\/admin\/routing\/\{country\}/, 'DE'],
    [/^\/admin\/transactions\/\{id\}/, 'txn_unknown'],
  ];
  const id = ids.find(([pattern]) => pattern.test(op.path))?.[1];
  if (op.pathParams.length > 0 && id === undefined) {
    throw new Error(`${op.method} ${op.path}: give the matrix an id of B for this path`);
  }
  return op.path.replace(/\{\w+\}/g, id ?? '');
}

/**
 * Bodies that pass validation, so that a foreign id is what is refused (an
 * invalid body would be refused first and prove nothing).
 */
const VALID_BODIES: Record<string, unknown> = {
  updateSubscription: { description: 'taken over' },
  enableSubscription: { replay: true },
  recoverFailedDeliveries: { since: '2020-01-01T00:00:00Z' },
};

const label = (op: Operation) => `${op.method} ${op.path}`;

async function call(op: Operation, token: string | null): Promise<ApiResponse> {
  const body = op.takesBody ? (VALID_BODIES[op.operationId] ?? {}) : undefined;
  return apiClient(w.url).request(op.method, bPath(op), { token, body });
}

/** Calls `op` with `token` and checks the status, the problem JSON, and that nothing changed. */
async function expectRefused(op: Operation, token: string | null, status: number, who: string) {
  const before = await databaseDigest(w.h.pool);
  const res = await call(op, token);
  calls += 1;
  const after = await databaseDigest(w.h.pool);
  expect({ route: label(op), who, status: res.status }).toEqual({ route: label(op), who, status });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status });
  expect({ route: label(op), who, changed: changedTables(before, after) }).toEqual({
    route: label(op),
    who,
    changed: [],
  });
  return res;
}

const wrongKey = () => `rpk_${randomBytes(32).toString('base64url')}`;

describe('the authorization matrix over /openapi.json', () => {
  it('covers every route: each has an auth kind, and only health and the document are public', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    const byScheme = (s: Operation['scheme']) => operations.filter((o) => o.scheme === s);
    expect(byScheme('partnerApiKey').length).toBeGreaterThanOrEqual(20);
    expect(byScheme('adminToken').length).toBeGreaterThanOrEqual(15);
    expect(byScheme('customerToken').length).toBeGreaterThanOrEqual(2);
    expect(byScheme('none').map(label).sort()).toEqual(PUBLIC_ROUTES);
    console.log(
      `authorization matrix: ${operations.length} routes (${byScheme('partnerApiKey').length} partner, ` +
        `${byScheme('adminToken').length} admin, ${byScheme('customerToken').length} customer, ` +
        `${byScheme('none').length} public)`,
    );
  });

  it('no credential and a wrong key: 401 on every non-public route, nothing changed', async () => {
    for (const op of operations.filter((o) => o.scheme !== 'none')) {
      const none = await expectRefused(op, null, 401, 'no credential');
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await expectRefused(op, wrongKey(), 401, 'wrong key');
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      await expectRefused(op, 'not even a key', 401, 'malformed key');
    }
  });

  it('a credential of another kind: 401 on every route, nothing changed', async () => {
    const creds = {
      partnerApiKey: [w.a.apiKey, w.b.apiKey],
      adminToken: ['test-admin-token-0123456789'],
      customerToken: [w.b.customerToken],
    };
    for (const op of operations.filter((o) => o.scheme !== 'none')) {
      for (const [scheme, tokens] of Object.entries(creds)) {
        if (scheme === op.scheme) continue;
        for (const token of tokens)
          await expectRefused(op, token, 401, `${scheme} ${token.slice(0, 8)}`);
      }
    }
  });

  it("partner A's key on partner B's ids: 404 on every partner route with an id, nothing changed", async () => {
    const withIds = operations.filter((o) => o.scheme === 'partnerApiKey' && o.pathParams.length);
    expect(withIds.length).toBeGreaterThanOrEqual(12);
    for (const op of withIds) {
      // B's own key opens the same route (the ids are real), on a GET at least.
      if (op.method === 'GET')
        expect({ op: label(op), s: (await w.b.api.get(bPath(op))).status }).toEqual({
          op: label(op),
          s: 200,
        });
      await expectRefused(op, w.a.apiKey, 404, 'partner A');
    }
  });

  it("partner A's lists and B's customer token show nothing of B's beyond its own client", async () => {
    for (const path of [
      '/v1/clients',
      '/v1/cases',
      '/v1/webhooks/subscriptions',
      '/v1/reporting/transactions',
    ]) {
      const res = await w.a.api.get(path);
      expect({ path, status: res.status, data: res.body.data }).toEqual({
        path,
        status: 200,
        data: [],
      });
    }
    const me = await apiClient(w.url, w.b.customerToken).get('/v1/customer/me');
    expect(me.body).toMatchObject({ client: { id: w.b.clientId }, partnerId: w.b.partnerId });
  });
});

describe('the dashboard API (cookie sessions; every path of the contract)', () => {
  const POSTS = new Set(['enableSubscription']);
  /** Each path of `dashboardApi`, with B's ids. */
  const paths = () =>
    Object.entries(dashboardApi).map(([name, path]) => {
      const ids: Record<string, string> = {
        caseDetail: w.b.caseReference,
        enableSubscription: w.b.subscriptionId,
        delivery: w.b.deliveryId,
      };
      return {
        name,
        method: POSTS.has(name) ? 'POST' : 'GET',
        path: typeof path === 'function' ? path(ids[name]!) : path,
        foreign: typeof path === 'function',
      };
    });

  async function expectDashboardRefused(
    agent: DashboardAgent,
    route: { name: string; method: string; path: string },
    status: number,
    who: string,
  ) {
    const before = await databaseDigest(w.h.pool);
    const res = await agent.request(route.method, route.path, {
      ...(route.method === 'POST' ? { body: { replayParked: true } } : {}),
    });
    calls += 1;
    const after = await databaseDigest(w.h.pool);
    expect({ route: route.name, who, status: res.status }).toEqual({
      route: route.name,
      who,
      status,
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(changedTables(before, after)).toEqual([]);
  }

  it('without a session, or with an API key instead: 401 on every path but sign-in', async () => {
    expect(paths().length).toBeGreaterThanOrEqual(17);
    const anonymous = dashboardAgent(w.url);
    const withKey = dashboardAgent(w.url);
    for (const route of paths()) {
      await expectDashboardRefused(anonymous, route, 401, 'no session');
      await expectDashboardRefused(
        {
          ...withKey,
          request: (m, p, o) =>
            withKey.request(m, p, { ...o, headers: { authorization: `Bearer ${w.b.apiKey}` } }),
        },
        route,
        401,
        'API key',
      );
    }
  });

  it("partner A's session on partner B's ids: 404, nothing changed; a write without its CSRF token: 403", async () => {
    const a = dashboardAgent(w.url);
    expect((await a.login(w.a.partnerId)).status).toBe(200);
    const foreign = paths().filter((r) => r.foreign);
    expect(foreign.map((r) => r.name).sort()).toEqual([
      'caseDetail',
      'delivery',
      'enableSubscription',
    ]);
    for (const route of foreign) await expectDashboardRefused(a, route, 404, 'partner A');
    const enable = foreign.find((r) => r.name === 'enableSubscription')!;
    const before = await databaseDigest(w.h.pool);
    const noCsrf = await a.request('POST', enable.path, {
      body: { replayParked: true },
      csrf: false,
    });
    expect(noCsrf.status).toBe(403);
    expect(changedTables(before, await databaseDigest(w.h.pool))).toEqual([]);
  });
});
