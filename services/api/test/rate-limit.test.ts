import net from 'node:net';
import { waitFor } from '@referral/testing';
import { createHarness, type Harness } from './helpers/harness';
import { apiClient } from './helpers/api-client';

const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key has used its burst, other keys unaffected', async () => {
    const limited = await h.startApp({ app: { rateLimit: { perSecond: 0.5, burst: 2 } } });
    const { apiKey } = await h.newPartner();
    const { apiKey: otherKey } = await h.newPartner();
    const client = apiClient(limited.url, apiKey);
    expect((await client.get(SUBS)).status).toBe(200);
    expect((await client.get(SUBS)).status).toBe(200);
    const res = await client.get(SUBS);
    expect(res.status).toBe(429);
    // The window is burst / perSecond = 4 s, and began with the first request.
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: '/problems/rate-limited',
      status: 429,
      errors: [{ field: 'Authorization' }],
    });
    expect((await client.get(SUBS, { token: otherKey })).status).toBe(200);
  });

  it('is one budget across API replicas sharing Redis: the (N+1)th request on either gets 429', async () => {
    const rateLimit = { perSecond: 0.1, burst: 3 };
    // Two replicas: separate apps, each with its own engine and Redis connection.
    const one = await h.startApp({ engine: {}, app: { rateLimit } });
    const two = await h.startApp({ engine: {}, app: { rateLimit } });
    const { apiKey } = await h.newPartner();
    const [a, b] = [apiClient(one.url, apiKey), apiClient(two.url, apiKey)];
    const statuses = [];
    for (const client of [a, b, a, b, a]) statuses.push((await client.get(SUBS)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts requests without a token per client address, before authentication', async () => {
    const limited = await h.startApp({ app: { rateLimit: { perSecond: 0.1, burst: 2 } } });
    const anonymous = apiClient(limited.url, null);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await anonymous.get(SUBS)).status);
    expect(statuses).toEqual([401, 401, 429]);
    // A partner calling from the same address has a budget of its own.
    const { apiKey } = await h.newPartner();
    expect((await apiClient(limited.url, apiKey).get(SUBS)).status).toBe(200);
  });

  it('lets requests through while Redis is down, and limits again once it is back', async () => {
    // A door to Redis this test opens and closes: closed, Redis is down for the app.
    const redis = new URL(h.engine.options.redisUrl);
    const sockets = new Set<net.Socket>();
    const door = net.createServer((socket) => {
      const upstream = net.connect(Number(redis.port || 6379), redis.hostname);
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      const close = () => [socket, upstream].forEach((s) => s.destroy());
      socket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
    const port = (door.address() as net.AddressInfo).port;
    await new Promise((resolve) => door.close(resolve));
    try {
      const limited = await h.startApp({
        engine: { redisUrl: `redis://127.0.0.1:${port}` },
        app: { rateLimit: { perSecond: 0.1, burst: 1 } },
      });
      const { apiKey } = await h.newPartner();
      const client = apiClient(limited.url, apiKey);
      // Down since the app started: nothing can be counted, so nothing is refused.
      for (let i = 0; i < 3; i++) expect((await client.get(SUBS)).status).toBe(200);

      await new Promise<void>((resolve) => door.listen(port, '127.0.0.1', resolve));
      await waitFor(async () => (await client.get(SUBS)).status === 429, {
        what: 'the limit to apply again once Redis is back',
        timeoutMs: 15_000,
      });
    } finally {
      sockets.forEach((s) => s.destroy());
      if (door.listening) await new Promise((resolve) => door.close(resolve));
    }
  });
});
