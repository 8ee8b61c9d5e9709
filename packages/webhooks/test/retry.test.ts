import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { verify } from '@referral/webhook-signature';
import { MAX_RETRIES } from '../src';
import { attemptRows, createHarness, deliveryRows, type Harness } from './harness';

const BASE_MS = 40;
let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher({ retryBaseMs: BASE_MS, timeoutMs: 300 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function subscribe(reply: Receiver['reply']) {
  const r = await startReceiver(reply);
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  return { r, sub, tenant };
}

async function finalDelivery(subscriptionId: string, status = ['succeeded', 'failed']) {
  return waitFor(
    async () => {
      const [row] = await deliveryRows(h.pool, subscriptionId);
      return row && status.includes(row.status) ? row : undefined;
    },
    { what: `delivery of ${subscriptionId} to finish`, timeoutMs: 30_000 },
  );
}

describe('retry schedule', () => {
  it('retries at base × 2^(n-1) ± 20 % until the receiver answers 2xx', async () => {
    const { r, sub, tenant } = await subscribe((_req, i) =>
      i < 4 ? { status: 500 } : { status: 204 },
    );
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    expect(delivery.status).toBe('succeeded');
    expect(r.requests).toHaveLength(5);
    const gaps = r.requests.slice(1).map((req, i) => req.receivedAt - r.requests[i]!.receivedAt);
    gaps.forEach((gap, i) => {
      const nominal = BASE_MS * 2 ** i;
      expect(gap).toBeGreaterThanOrEqual(nominal * 0.8 - 5);
      expect(gap).toBeLessThanOrEqual(nominal * 1.2 + 250); // queue and HTTP overhead
    });
    const attempts = await attemptRows(h.pool, delivery.id);
    expect(attempts.map((a) => [a.attempt_number, a.status_code, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 500, false],
      [5, 204, true],
    ]);
    // The same webhook-id on every attempt (fresh timestamps: see 'signs every attempt afresh').
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
  });

  it(`gives up after attempt 1 + ${MAX_RETRIES} retries and marks the delivery failed`, async () => {
    const { r, sub, tenant } = await subscribe(() => ({ status: 503, body: 'down' }));
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempt_count).toBe(MAX_RETRIES + 1);
    expect(r.requests).toHaveLength(MAX_RETRIES + 1);
    const subscription = await h.engine.subscriptions.get(tenant, sub.id);
    expect(subscription?.consecutiveFailures).toBe(1);
  });

  it('treats 3xx and 4xx as failures and does not follow redirects', async () => {
    const { r, sub, tenant } = await subscribe((_req, i) =>
      i === 0
        ? { status: 301, headers: { location: 'http://127.0.0.1:1/' } }
        : i === 1
          ? { status: 404 }
          : { status: 200 },
    );
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    const attempts = await attemptRows(h.pool, delivery.id);
    expect(attempts.map((a) => [a.status_code, a.error_kind])).toEqual([
      [301, 'http_status'],
      [404, 'http_status'],
      [200, null],
    ]);
    expect(r.requests).toHaveLength(3);
  });

  it('cuts off a receiver that does not answer within the deadline and records a timeout', async () => {
    const { sub, tenant } = await subscribe((_req, i) =>
      i === 0 ? { status: 200, delayMs: 2_000 } : { status: 200 },
    );
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    const [first, second] = await attemptRows(h.pool, delivery.id);
    expect(first.error_kind).toBe('timeout');
    expect(first.status_code).toBeNull();
    expect(first.duration_ms).toBeGreaterThanOrEqual(250);
    expect(first.duration_ms).toBeLessThan(1_000);
    expect(second.succeeded).toBe(true);
  });

  it('records connection refused and DNS failures as their own kinds', async () => {
    // A port that was just free: nothing listens there.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));

    const tenant = h.newTenant();
    const refused = await h.subscribe(tenant, {
      url: `http://127.0.0.1:${port}/hook`,
      eventTypes: ['*'],
    });
    const nxdomain = await h.subscribe(tenant, {
      url: 'http://no-such-host.invalid/hook',
      eventTypes: ['*'],
    });
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });

    const [a] = await attemptRows(
      h.pool,
      (
        await waitFor(async () =>
          (await deliveryRows(h.pool, refused.id))[0]?.attempt_count
            ? (await deliveryRows(h.pool, refused.id))[0]
            : undefined,
        )
      ).id,
    );
    const [b] = await attemptRows(
      h.pool,
      (
        await waitFor(async () =>
          (await deliveryRows(h.pool, nxdomain.id))[0]?.attempt_count
            ? (await deliveryRows(h.pool, nxdomain.id))[0]
            : undefined,
        )
      ).id,
    );
    expect(a.error_kind).toBe('connection_refused');
    expect(b.error_kind).toBe('dns');
    await h.engine.subscriptions.remove(tenant, refused.id);
    await h.engine.subscriptions.remove(tenant, nxdomain.id);
  });

  it('records a receiver whose certificate does not verify as tls, and one that drops the connection as connection_reset', async () => {
    // A self-signed certificate for 127.0.0.1 (test/fixtures): no CA vouches for it.
    const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name));
    const tls = https.createServer(
      { key: fixture('self-signed-key.pem'), cert: fixture('self-signed-cert.pem') },
      (_req, res) => res.end('ok'),
    );
    // Reads the request, then resets the connection instead of answering.
    const reset = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const servers = [tls, reset];
    try {
      const ports = await Promise.all(
        servers.map(
          (server) =>
            new Promise<number>((resolve) =>
              server.listen(0, '127.0.0.1', () =>
                resolve((server.address() as net.AddressInfo).port),
              ),
            ),
        ),
      );
      const tenant = h.newTenant();
      const subs = await Promise.all(
        [`https://127.0.0.1:${ports[0]}/hook`, `http://127.0.0.1:${ports[1]}/hook`].map((url) =>
          h.subscribe(tenant, { url, eventTypes: ['*'] }),
        ),
      );
      await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
      const kinds = await Promise.all(
        subs.map(async (sub) => {
          const delivery = await waitFor(async () => {
            const [row] = await deliveryRows(h.pool, sub.id);
            return row?.attempt_count ? row : undefined;
          });
          const [attempt] = await attemptRows(h.pool, delivery.id);
          await h.engine.subscriptions.remove(tenant, sub.id);
          return [attempt.error_kind, attempt.status_code];
        }),
      );
      expect(kinds).toEqual([
        ['tls', null],
        ['connection_reset', null],
      ]);
    } finally {
      for (const server of servers) server.close();
      tls.closeAllConnections();
    }
  });

  it('signs every attempt afresh: its own webhook-timestamp, and a signature valid for it', async () => {
    // Six failures: retries of 40, 80 … 1,280 ms, 2 s in all even at −20 %, put
    // attempt 7 in a later second than attempt 1 (timestamps are whole seconds).
    const { r, sub, tenant } = await subscribe((_req, i) =>
      i < 6 ? { status: 500 } : { status: 200 },
    );
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    expect(delivery.status).toBe('succeeded');
    const attempts = await attemptRows(h.pool, delivery.id);
    expect(r.requests).toHaveLength(7);
    const stamps = r.requests.map((q) => Number(q.headers['webhook-timestamp']));
    // Each attempt's timestamp is the second it started, as recorded.
    expect(stamps).toEqual(
      attempts.map((a) => Math.floor((a.started_at as Date).getTime() / 1000)),
    );
    expect(stamps[6]).toBeGreaterThan(stamps[0]!);
    for (const { body, headers } of r.requests) {
      expect(verify(body, headers, sub.secret)).toMatchObject({ id: delivery.event_id });
    }
  });

  it('records each attempt with its time, duration, body excerpt ≤ 4 KiB, and a failed one with its headers, without the secret', async () => {
    const { sub, tenant } = await subscribe((_req, i) => ({
      status: i === 0 ? 500 : 200,
      body: 'x'.repeat(10_000),
    }));
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await finalDelivery(sub.id);
    const [failed, succeeded] = await attemptRows(h.pool, delivery.id);
    for (const attempt of [failed, succeeded]) {
      expect(attempt.started_at).toBeInstanceOf(Date);
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
      expect(attempt.response_body).toHaveLength(4096);
    }
    expect(Object.keys(failed.request_headers).sort()).toEqual(
      ['content-type', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp'].sort(),
    );
    expect(JSON.stringify(failed.request_headers)).not.toContain(sub.secret.slice(6));
    // A receiver that accepted a request has nothing to debug in its headers:
    // not storing them saves half of an attempt's row.
    expect(succeeded.request_headers).toBeNull();
  });
});
