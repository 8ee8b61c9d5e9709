import { randomBytes, randomUUID } from 'node:crypto';
import { createPool, migrate, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import {
  createTestRedis,
  plainEnvelope,
  startReceiver,
  waitFor,
  type Receiver,
  type TestRedis,
} from '@referral/testing';
import { createDispatcher, createWebhookEngine, type WebhookEngine } from '../src';
import { databaseAt } from './database-at';
import { TEST_KEY } from './harness';

const BEFORE = '1733300000000_one-hop-fan-out';
const DAY_MS = 86_400_000;

/** A time-ordered id of `at`, as newId would have made it then. */
function idAt(prefix: string, at: number): string {
  return `${prefix}_${at.toString(16).padStart(12, '0')}7${randomBytes(10).toString('hex').slice(1)}`;
}

async function rows(pool: Pool, sql: string) {
  return (await pool.query(sql)).rows;
}

const EVENTS = `SELECT id, tenant_id, type, payload, target_subscription_id, created_at
                FROM webhook_events ORDER BY id`;
const DELIVERIES = `SELECT id, event_id, subscription_id, tenant_id, status, attempt_count,
                      round_attempts, next_attempt_at, last_attempt_at, created_at, updated_at
                    FROM webhook_deliveries ORDER BY id`;
const ATTEMPTS = `SELECT delivery_id, attempt_number, started_at, duration_ms, succeeded, status_code,
                    error_kind, error_message, response_body, request_headers
                  FROM webhook_attempts ORDER BY delivery_id, attempt_number`;

describe('the time-partitions migration', () => {
  let db: { url: string; drop(): Promise<void> };
  let redis: TestRedis;
  let pool: Pool;
  let engine: WebhookEngine | undefined;
  let receiver: Receiver;
  beforeEach(async () => {
    db = await databaseAt(BEFORE);
    pool = createPool(db.url);
    redis = await createTestRedis();
    receiver = await startReceiver();
    engine = undefined;
  });
  afterEach(async () => {
    await engine?.close();
    await pool.end();
    await redis.cleanup();
    await receiver.close();
    await db.drop();
  });

  it('moves every event, delivery and attempt, and the engine then delivers old and new work', async () => {
    const now = Date.now();
    const tenant = randomUUID();
    // Subscriptions through the engine (their tables do not change), so they have secrets.
    engine = createWebhookEngine({
      pool,
      redisUrl: redis.url,
      prefix: redis.prefix,
      logger: createLogger({ name: 't', level: 'silent', format: 'json' }),
      secretEncryptionKey: TEST_KEY,
      allowHttp: true,
      allowPrivateUrls: true,
      encodeEnvelope: plainEnvelope,
    });
    const subscribe = async () => {
      const created = await engine!.subscriptions.create(tenant, {
        url: receiver.url,
        eventTypes: ['*'],
      });
      if (created.outcome !== 'created') throw new Error(created.problem);
      return created.subscription.id;
    };
    const live = await subscribe();
    const off = await subscribe();
    await pool.query(`UPDATE webhook_subscriptions SET status = 'disabled' WHERE id = $1`, [off]);
    // Events from 60 days ago to now, and one just before the first weekly
    // partition's start (every row before it goes to one legacy partition)
    // whose delivery was made just after it.
    const fourWeeks = 28 * DAY_MS;
    const monday = 4 * DAY_MS; // 1970-01-05: periods are weeks and 4 weeks from there
    const weekEnd = monday + fourWeeks * Math.floor((now - monday) / fourWeeks);
    const events = [
      { id: idAt('evt', now - 60 * DAY_MS), status: 'succeeded', attempts: 1 },
      { id: idAt('evt', now - 45 * DAY_MS), status: 'failed', attempts: 9 },
      { id: idAt('evt', weekEnd - 5), status: 'succeeded', attempts: 1, deliveryAt: weekEnd + 20 },
      { id: idAt('evt', now - 2 * DAY_MS), status: 'parked', attempts: 0, sub: off },
      { id: idAt('evt', now - 60_000), status: 'pending', attempts: 2 },
      { id: idAt('evt', now - 1_000), status: 'cancelled', attempts: 0 },
    ];
    for (const e of events) {
      const at = Number.parseInt(e.id.slice(4, 16), 16);
      await pool.query(
        `INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
         VALUES ($1, $2, 'case.created', $3, $4)`,
        [
          e.id,
          tenant,
          plainEnvelope({ id: e.id, type: 'case.created', createdAt: '', data: {} }),
          new Date(at),
        ],
      );
      const deliveryId = idAt('dlv', e.deliveryAt ?? at + 3);
      await pool.query(
        `INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status,
           attempt_count, round_attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $5 = 'pending' THEN now() - interval '1 hour' END, $7)`,
        [deliveryId, e.id, e.sub ?? live, tenant, e.status, e.attempts, new Date(at)],
      );
      for (let n = 1; n <= e.attempts; n++) {
        const succeeded = e.status === 'succeeded' && n === e.attempts;
        await pool.query(
          `INSERT INTO webhook_attempts (delivery_id, attempt_number, started_at, duration_ms,
             succeeded, status_code, error_kind, response_body, request_headers)
           VALUES ($1, $2, $3, 12, $4, $5, $6, $7, $8)`,
          [
            deliveryId,
            n,
            new Date(at + n * 1000),
            succeeded,
            succeeded ? 200 : 503,
            succeeded ? null : 'http_status',
            succeeded ? 'ok' : 'busy',
            { 'webhook-id': e.id },
          ],
        );
      }
    }
    // A delivery the SQL of the old engine made, with its own time.
    await pool.query(
      `INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status)
       SELECT prefixed_id('dlv'), $1, $2, $3, 'succeeded'`,
      [events[5]!.id, off, tenant],
    );
    const before = {
      events: await rows(pool, EVENTS),
      deliveries: await rows(pool, DELIVERIES),
      attempts: await rows(pool, ATTEMPTS),
    };

    // This migration, then whichever came after it.
    expect((await migrate(db.url))[0]).toBe('1733400000000_time-partitions');

    // Everything is there, as it was. The one delivery made in a later
    // period than its event now carries its event's time (random part kept).
    const crossed = before.deliveries.find((d) => d.event_id === events[2]!.id)!;
    const renamed = `dlv_${events[2]!.id.slice(4, 16)}${crossed.id.slice(16)}`;
    const rename = (id: string) => (id === crossed.id ? renamed : id);
    expect(await rows(pool, EVENTS)).toEqual(before.events);
    expect(await rows(pool, DELIVERIES)).toEqual(
      before.deliveries
        .map((d) => ({ ...d, id: rename(d.id) }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await rows(pool, ATTEMPTS)).toEqual(
      before.attempts
        .map((a) => ({ ...a, delivery_id: rename(a.delivery_id) }))
        .sort((a, b) =>
          a.delivery_id < b.delivery_id ? -1 : a.delivery_id > b.delivery_id ? 1 : 0,
        ),
    );
    // Every delivery is in its event's period, every attempt in its delivery's.
    const { rows: apart } = await pool.query(
      `SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       JOIN webhook_partitions dp ON dp.partition = d.tableoid::regclass
       JOIN webhook_partitions ep ON ep.partition = e.tableoid::regclass
       WHERE dp.to_at <> ep.to_at
       UNION ALL
       SELECT a.delivery_id FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
       JOIN webhook_partitions ap ON ap.partition = a.tableoid::regclass
       JOIN webhook_partitions dp ON dp.partition = d.tableoid::regclass
       WHERE ap.to_at <> dp.to_at`,
    );
    expect(apart).toEqual([]);

    // The engine delivers a new event, and the old pending delivery once the
    // reconciler finds it overdue.
    const dispatcher = createDispatcher(engine, {
      retryBaseMs: 20,
      timeoutMs: 1_000,
      deliveryConcurrency: 5,
      reconcileIntervalMs: 3_600_000,
    });
    dispatcher.start();
    try {
      const fresh = await engine.outbox.publish({
        tenantId: tenant,
        type: 'case.created',
        data: {},
      });
      expect(await dispatcher.reconciler.sweep()).toMatchObject({ deliveries: 1 });
      await waitFor(() => receiver.requests.length === 2, { what: 'two deliveries' });
      expect(receiver.requests.map((r) => r.headers['webhook-id']).sort()).toEqual(
        [events[4]!.id, fresh.id].sort(),
      );
      const pendingOld = before.deliveries.find((d) => d.event_id === events[4]!.id)!;
      await waitFor(
        async () =>
          (await rows(pool, DELIVERIES)).find((d) => d.id === pendingOld.id)?.status ===
          'succeeded',
        { what: 'the old delivery to be recorded' },
      );
      const attempts = await pool.query(
        `SELECT attempt_number FROM webhook_attempts WHERE delivery_id = $1 ORDER BY 1`,
        [pendingOld.id],
      );
      expect(attempts.rows.map((a) => a.attempt_number)).toEqual([1, 2, 3]);
    } finally {
      await dispatcher.stop();
    }
  });

  it('refuses, naming them, rows whose ids carry no time, and changes nothing', async () => {
    await pool.query(
      `INSERT INTO webhook_events (id, tenant_id, type, payload) VALUES ('evt_dash_1', $1, 'case.created', '{}')`,
      [randomUUID()],
    );
    await expect(migrate(db.url)).rejects.toThrow(
      /webhook_events holds 1 rows whose ids are not time-ordered \(e\.g\. evt_dash_1\)/,
    );
    expect(await rows(pool, `SELECT id FROM webhook_events`)).toEqual([{ id: 'evt_dash_1' }]);
    expect(await rows(pool, `SELECT 1 FROM pg_class WHERE relname = 'webhook_partitions'`)).toEqual(
      [],
    );
  });
});
