import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { createPool } from '@referral/db';
import { PartnerService } from '@referral/domain';
import { createLogger } from '@referral/logger';
import { createApp } from '../src';
import { openApiPath } from '../src/openapi/build-document';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness';
import { apiClient, type ApiClient } from './helpers/api-client';

let h: Harness;
let anon: ApiClient;
beforeAll(async () => {
  h = await createHarness();
  anon = apiClient(h.url);
});
afterAll(() => h.close());

describe('health', () => {
  it('/healthz answers 200 ok', async () => {
    const res = await anon.get('/healthz');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz answers 200 when Postgres and Redis answer', async () => {
    const res = await anon.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    // A real connection to a port nothing listens on. (Not an engine: closing one whose
    // Redis never answered leaves a BullMQ rejection unhandled; reported upstream.)
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      const broken = await h.startApp({ app: { redis } });
      const res = await apiClient(broken.url).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'unavailable',
        checks: { postgres: 'ok', redis: 'failed' },
      });
    } finally {
      redis.disconnect();
    }
  });

  it('/readyz answers 503 naming Postgres when Postgres is unreachable', async () => {
    const pool = createPool('postgres://postgres@127.0.0.1:1/none');
    try {
      const broken = await h.startApp({ app: { pool } });
      const res = await apiClient(broken.url).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ postgres: 'failed', redis: 'ok' });
    } finally {
      await pool.end();
    }
  });
});

describe('errors and logging', () => {
  it('a request while Postgres is unreachable is a 503 problem with Retry-After, not a 500', async () => {
    const pool = createPool('postgres://postgres@127.0.0.1:1/none');
    try {
      const broken = await h.startApp({ app: { pool, partners: new PartnerService(pool) } });
      const { apiKey } = await h.newPartner();
      const res = await apiClient(broken.url, apiKey).get('/v1/webhooks/subscriptions');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toMatchObject({
        type: '/problems/service-unavailable',
        title: 'Service Unavailable',
        status: 503,
      });
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    } finally {
      await pool.end();
    }
  });

  it('an unknown route is a 404 problem', async () => {
    const res = await anon.get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('a path that does not decode is a 400 problem, not a 500', async () => {
    const { api } = await h.newPartner();
    const res = await api.get('/v1/webhooks/subscriptions/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'path' }] });
  });

  it('logs method, path, status and duration of each request, never the Authorization header', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) =>
      chunk
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .forEach((l) => lines.push(JSON.parse(l))),
    );
    const logger = createLogger({ name: 'api', level: 'info', format: 'json', destination });
    const logged = await h.startApp({ app: { logger } });
    const { apiKey, partnerId } = await h.newPartner();
    const res = await apiClient(logged.url, apiKey).get('/v1/webhooks/subscriptions?limit=5', {
      headers: { 'x-request-id': 'req-123' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toContainEqual(
      expect.objectContaining({
        requestId: 'req-123',
        method: 'GET',
        path: '/v1/webhooks/subscriptions',
        status: 200,
        partnerId,
        durationMs: expect.any(Number),
      }),
    );
    expect(JSON.stringify(lines)).not.toContain(apiKey);
  });
});

describe('/openapi.json', () => {
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: object }>>;
    components: { securitySchemes: object; schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    doc = (await anon.get('/openapi.json')).body;
  });

  it('documents every express route, and nothing else', () => {
    const app = createApp({
      pool: h.pool,
      engine: h.engine,
      partners: h.partners,
      domain: h.domain,
      adminToken: ADMIN_TOKEN,
      logger: h.logger,
    });
    const stack = (app as unknown as { router: { stack: ExpressLayer[] } }).router.stack;
    const expressRoutes = stack
      .filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((m) => `${m} ${openApiPath(layer.route!.path)}`),
      );
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(expressRoutes.length).toBeGreaterThanOrEqual(20);
    expect(documented.sort()).toEqual(expressRoutes.sort());
  });

  it('is OpenAPI 3.1 with its three bearer schemes and schemas from zod', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toEqual({
      partnerApiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      adminToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      customerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const create = doc.paths['/v1/webhooks/subscriptions']!.post as unknown as {
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
      responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    };
    expect(create.requestBody.content['application/json'].schema.required).toEqual([
      'url',
      'eventTypes',
    ]);
    expect(create.responses['201']!.content['application/json']!.schema.$ref).toBe(
      '#/components/schemas/SubscriptionWithSecret',
    );
    expect(create.responses['400']!.content['application/problem+json']!.schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Subscription', 'Delivery', 'DeliveryWithAttempts', 'Problem']),
    );
  });

  it('gives every operation a unique id', () => {
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}
