import { randomBytes } from 'node:crypto';
import { dashboardApi } from '@referral/dashboard-contract';
import { EventType } from '@referral/events';
import { createHarness, type Harness } from '../helpers/harness';
import { dashboardAgent, type DashboardAgent } from '../helpers/dashboard';

let h: Harness;
let agent: DashboardAgent;
let other: DashboardAgent;
let subscriptionId: string;
let otherSubscriptionId: string;

let lastMs = 0;
/**
 * A real, time-ordered id (newId's layout), each later than the one before:
 * the view orders deliveries by id, and two ids made in the same millisecond
 * would otherwise sort at random.
 */
function nextId(prefix: string): string {
  lastMs = Math.max(Date.now(), lastMs + 1);
  return `${prefix}_${lastMs.toString(16).padStart(12, '0')}7${randomBytes(10).toString('hex').slice(1)}`;
}

/** A delivery of a fresh event to the subscription, in `status`, with its attempts. */
async function seedDelivery(
  tenantId: string,
  subId: string,
  status: string,
  attempts: { succeeded: boolean; statusCode?: number; body?: string; at?: Date }[] = [],
  type = 'case.created',
  createdAt = new Date(),
): Promise<string> {
  // Real, time-ordered ids: the tables are partitioned by the time in them.
  const eventId = nextId('evt');
  const deliveryId = nextId('dlv');
  await h.pool.query(
    `INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
     VALUES ($1, $2, $3, '{}', $4)`,
    [eventId, tenantId, type, createdAt],
  );
  await h.pool.query(
    `INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status, attempt_count,
                                     last_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      deliveryId,
      eventId,
      subId,
      tenantId,
      status,
      attempts.length,
      attempts.at(-1)?.at ?? null,
      createdAt,
    ],
  );
  for (const [i, a] of attempts.entries()) {
    await h.pool.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt_number, started_at, duration_ms, succeeded,
                                     status_code, error_kind, error_message, response_body,
                                     request_headers)
       VALUES ($1, $2, $3, 12, $4, $5, $6, $7, $8, '{}')`,
      [
        deliveryId,
        i + 1,
        a.at ?? new Date(),
        a.succeeded,
        a.statusCode ?? null,
        a.succeeded ? null : 'http_status',
        a.succeeded ? null : `HTTP ${a.statusCode}`,
        a.body ?? null,
      ],
    );
  }
  return deliveryId;
}

beforeAll(async () => {
  h = await createHarness();
  const a = await h.newPartner('Hooks A');
  const b = await h.newPartner('Hooks B');
  const receiver = await h.receiver();
  const created = await a.api.post('/v1/webhooks/subscriptions', {
    url: receiver.url,
    eventTypes: ['case.created'],
    description: 'main',
  });
  subscriptionId = created.body.id;
  otherSubscriptionId = (
    await b.api.post('/v1/webhooks/subscriptions', {
      url: receiver.url,
      eventTypes: ['case.created'],
    })
  ).body.id;
  await h.pool.query(
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(),
       disabled_reason = 'too many failures', consecutive_failures = 8 WHERE id = $1`,
    [subscriptionId],
  );
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  await seedDelivery(
    a.partnerId,
    subscriptionId,
    'succeeded',
    [{ succeeded: true, statusCode: 200, at: hourAgo }],
    'case.created',
    new Date('2026-01-05T00:00:00Z'),
  );
  await seedDelivery(
    a.partnerId,
    subscriptionId,
    'failed',
    [
      { succeeded: false, statusCode: 500, body: 'x'.repeat(800) },
      { succeeded: false, statusCode: 502 },
    ],
    'client.created',
    new Date('2026-01-06T00:00:00Z'),
  );
  await seedDelivery(
    a.partnerId,
    subscriptionId,
    'parked',
    [],
    'case.created',
    new Date('2026-01-07T00:00:00Z'),
  );
  await seedDelivery(
    a.partnerId,
    subscriptionId,
    'parked',
    [],
    'case.created',
    new Date('2026-01-08T00:00:00Z'),
  );
  await seedDelivery(b.partnerId, otherSubscriptionId, 'failed', [
    { succeeded: false, statusCode: 500 },
  ]);
  agent = dashboardAgent(h.url);
  await agent.login(a.partnerId);
  other = dashboardAgent(h.url);
  await other.login(b.partnerId);
});
afterAll(() => h.close());

describe('Webhooks view', () => {
  it('shows each subscription’s health: failures, last delivery, parked count, 24 zero-filled hours', async () => {
    const res = await agent.get(dashboardApi.subscriptions);
    expect(res.status).toBe(200);
    expect(res.body.subscriptions).toHaveLength(1);
    const sub = res.body.subscriptions[0];
    expect(sub).toMatchObject({
      id: subscriptionId,
      description: 'main',
      status: 'disabled',
      disabledReason: 'too many failures',
      consecutiveFailures: 8,
      parkedCount: 2,
      lastDelivery: { at: '2026-01-08T00:00:00.000Z', status: 'parked' },
    });
    expect(sub.hourly).toHaveLength(24);
    const totals = sub.hourly.reduce(
      (t: { s: number; f: number }, b: { succeeded: number; failed: number }) => ({
        s: t.s + b.succeeded,
        f: t.f + b.failed,
      }),
      { s: 0, f: 0 },
    );
    expect(totals).toEqual({ s: 1, f: 2 });
    // Hour starts, oldest first, one hour apart.
    const starts = sub.hourly.map((b: { hourStart: string }) => Date.parse(b.hourStart));
    expect(starts.slice(1).map((t: number, i: number) => t - starts[i])).toEqual(
      Array(23).fill(3_600_000),
    );
  });

  it('pages the delivery log with filters and a total; a delivery shows its attempts, the body cut short', async () => {
    const all = await agent.get(dashboardApi.deliveries);
    expect(all.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(all.body.rows.map((d: { status: string }) => d.status)).toEqual([
      'parked',
      'parked',
      'failed',
      'succeeded',
    ]);
    expect((await agent.get(`${dashboardApi.deliveries}?status=parked`)).body.total).toBe(2);
    expect(
      (await agent.get(`${dashboardApi.deliveries}?eventType=client.created`)).body.total,
    ).toBe(1);
    expect(
      (await agent.get(`${dashboardApi.deliveries}?from=2026-01-06&to=2026-01-07`)).body.total,
    ).toBe(2);
    expect(
      (await agent.get(`${dashboardApi.deliveries}?subscriptionId=${otherSubscriptionId}`)).body
        .total,
    ).toBe(0);
    expect((await agent.get(`${dashboardApi.deliveries}?page=2`)).body.rows).toEqual([]);
    expect((await agent.get(`${dashboardApi.deliveries}?status=lost`)).status).toBe(400);

    const failed = all.body.rows[2];
    const detail = await agent.get(dashboardApi.delivery(failed.id));
    expect(detail.status).toBe(200);
    expect(detail.body.attempts).toHaveLength(2);
    expect(detail.body.attempts[0]).toMatchObject({
      number: 1,
      succeeded: false,
      statusCode: 500,
      errorKind: 'http_status',
      errorMessage: 'HTTP 500',
    });
    expect(detail.body.attempts[0].responseExcerpt).toHaveLength(500);
    const types = await agent.get(dashboardApi.eventTypes);
    expect(types.body.eventTypes).toEqual(EventType.options);
  });

  it('keeps each partner to its own subscriptions and deliveries', async () => {
    const mine = (await agent.get(dashboardApi.deliveries)).body.rows[0].id;
    expect(
      (await other.get(dashboardApi.subscriptions)).body.subscriptions.map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual([otherSubscriptionId]);
    expect((await other.get(dashboardApi.deliveries)).body.total).toBe(1);
    expect((await other.get(dashboardApi.delivery(mine))).status).toBe(404);
    const enable = await other.request('POST', dashboardApi.enableSubscription(subscriptionId), {
      body: {},
    });
    expect(enable.status).toBe(404);
  });

  it('re-enables only with the session’s CSRF token, and replays parked deliveries when asked', async () => {
    const path = dashboardApi.enableSubscription(subscriptionId);
    const noToken = await agent.request('POST', path, {
      body: { replayParked: true },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.errors[0].field).toBe('x-csrf-token');
    const wrong = await agent.request('POST', path, {
      body: { replayParked: true },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrong.status).toBe(403);
    // Another session's token is not this session's.
    const foreign = await agent.request('POST', path, {
      body: { replayParked: true },
      headers: { 'x-csrf-token': other.csrfToken! },
    });
    expect(foreign.status).toBe(403);

    const enabled = await agent.request('POST', path, { body: { replayParked: true } });
    expect(enabled.status).toBe(200);
    expect(enabled.body.subscription).toMatchObject({
      id: subscriptionId,
      status: 'enabled',
      consecutiveFailures: 0,
      parkedCount: 0,
    });
    expect(enabled.body.replayed).toBeGreaterThanOrEqual(2);
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'parked'`,
      [subscriptionId],
    );
    expect(rows[0].n).toBe(0);
  });
});
