import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createPool, type Pool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import {
  createReferralDomain,
  expireDueLinkRequests,
  PartnerService,
  type ReferralDomain,
} from '@referral/domain';
import { createLogger } from '@referral/logger';
import {
  createTestDatabase,
  createTestRedis,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@referral/testing';
import { createWebhookEngine, type WebhookEngine } from '@referral/webhooks';
import { createScheduledTasks, SCHEDULED_QUEUE } from '../src/scheduled-tasks';

const logger = createLogger({ name: 'dispatcher-test', level: 'silent', format: 'json' });
let db: TestDatabase;
let redis: TestRedis;
let pool: Pool;
let engine: WebhookEngine;
let partners: PartnerService;
let clients: ReferralDomain;
const stops: (() => Promise<void>)[] = [];
/** When each run of the expiry task finished, across every dispatcher of the test. */
const runs: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  pool = createPool(db.url);
  engine = createWebhookEngine({
    pool,
    redisUrl: redis.url,
    prefix: redis.prefix,
    logger,
    secretEncryptionKey: Buffer.alloc(32, 1),
    allowHttp: true,
    allowPrivateUrls: true,
    encodeEnvelope: encodeEventEnvelope,
  });
  partners = new PartnerService(pool);
  clients = createReferralDomain({
    pool,
    outbox: engine.outbox,
    partners,
    pageTokenKey: Buffer.alloc(32, 2),
    urls: {
      onboarding: (t) => `http://pages/onboarding/${t}`,
      linkRequest: (t) => `http://pages/lr/${t}`,
      contracts: (t) => `http://pages/contracts/${t}`,
      kyc: (t) => `http://pages/kyc/${t}`,
    },
  });
});
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  runs.length = 0;
  // The schedulers outlive their dispatchers in Redis: each test starts with none.
  await redis.flush();
});
afterAll(async () => {
  await engine.close();
  await pool.end();
  await redis.cleanup();
  await db.drop();
});

/** A dispatcher's scheduled tasks, as dispatcher-service wires them, each run counted. */
async function startDispatcherTasks(everyMs: number, checkEveryMs = 60_000) {
  const run = async () => {
    const result = await expireDueLinkRequests(engine.outbox);
    runs.push(Date.now());
    return result;
  };
  const tasks = createScheduledTasks({
    redisUrl: redis.url,
    prefix: redis.prefix,
    logger,
    tasks: [{ name: 'expire-link-requests', everyMs, run }],
  });
  await tasks.start(checkEveryMs);
  stops.push(() => tasks.stop());
}

/** An open link request from a second partner for a company the first one brought. */
async function openLinkRequest(): Promise<{ id: string; partnerId: string }> {
  const first = await partners.create('First');
  const second = await partners.create('Second');
  const company = {
    externalTenantId: `t-${Math.random()}`,
    companyName: 'Kestrel Oy',
    registrationNumber: `FI${Math.floor(Math.random() * 1e9)}`,
    country: 'FI',
    contactEmail: 'ap@kestrel.example',
  };
  await clients.registration.register(first.partner.id, company);
  const asked = await clients.registration.register(second.partner.id, company);
  if (asked.outcome !== 'approval_required') throw new Error(asked.outcome);
  return { id: asked.linkRequestId, partnerId: second.partner.id };
}

async function expiredEvents(linkRequestId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM webhook_events
     WHERE type = 'client.link_expired' AND payload::jsonb -> 'data' ->> 'linkRequestId' = $1`,
    [linkRequestId],
  );
  return rows[0]!.n;
}

const status = async (id: string) =>
  (await pool.query<{ status: string }>(`SELECT status FROM link_requests WHERE id = $1`, [id]))
    .rows[0]!.status;

describe('link-request expiry, a scheduled task', () => {
  it('expires a request at its TTL with exactly one client.link_expired, two dispatchers running', async () => {
    const open = await openLinkRequest();
    const notYet = await openLinkRequest();
    await startDispatcherTasks(100);
    await startDispatcherTasks(100);
    await pool.query(
      `UPDATE link_requests SET expires_at = now() + interval '300 milliseconds' WHERE id = $1`,
      [open.id],
    );

    await waitFor(async () => (await status(open.id)) === 'expired', {
      what: 'the request to expire',
    });
    // Three more runs, each of which found the request already expired.
    const seen = runs.length;
    await waitFor(() => runs.length >= seen + 3, { what: 'three more runs' });
    expect(await expiredEvents(open.id)).toBe(1);
    expect(await status(notYet.id)).toBe('pending');
    expect(await expiredEvents(notYet.id)).toBe(0);
  });

  it('runs once per period however many dispatchers run', async () => {
    const PERIOD_MS = 150;
    const started = Date.now();
    await startDispatcherTasks(PERIOD_MS);
    await startDispatcherTasks(PERIOD_MS);
    await startDispatcherTasks(PERIOD_MS);
    await waitFor(() => runs.length >= 8, { what: 'eight runs' });
    // One schedule: the 8th run is due 7 periods after the first, which is due no
    // earlier than a period before the schedule was made. Load only delays runs;
    // a schedule per dispatcher would get there in about 2 periods.
    const period = runs.map((at) => at - started);
    expect(period[7]!).toBeGreaterThanOrEqual(6 * PERIOD_MS);
  });

  it('puts back a scheduler Redis lost', async () => {
    await startDispatcherTasks(100, 200);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue(SCHEDULED_QUEUE, { connection, prefix: redis.prefix });
    try {
      await queue.removeJobScheduler('expire-link-requests');
      expect(await queue.getJobScheduler('expire-link-requests')).toBeUndefined();
      const open = await openLinkRequest();
      await pool.query(`UPDATE link_requests SET expires_at = now() WHERE id = $1`, [open.id]);
      await waitFor(
        async () => (await queue.getJobScheduler('expire-link-requests')) !== undefined,
        {
          what: 'the scheduler to come back',
        },
      );
      await waitFor(async () => (await status(open.id)) === 'expired', {
        what: 'the request to expire',
      });
      expect(await expiredEvents(open.id)).toBe(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
