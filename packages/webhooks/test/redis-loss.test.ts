import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { appendEvent, createDispatcher, type Dispatcher } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

const DISPATCHER_OPTIONS = {
  retryBaseMs: 20,
  timeoutMs: 1_000,
  deliveryConcurrency: 20,
  reconcileIntervalMs: 3_600_000,
};

/**
 * Redis is only the transport: whatever it loses, at whatever point of a
 * job's life, Postgres still says what must happen and the reconciler makes
 * it happen. Each test loses Redis's contents at one point, then makes the
 * lost work overdue (instead of waiting out the grace period) and sweeps.
 */
let h: Harness;
// What a test starts, it stops, even when it fails half-way.
const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];
beforeAll(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await h.close();
});

async function receiver(reply?: Receiver['reply']): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

/** A dispatcher that sweeps only when the test says so. */
function dispatcher(overrides: Parameters<Harness['startDispatcher']>[0] = {}): Dispatcher {
  const d = h.startDispatcher({ reconcileIntervalMs: 3_600_000, ...overrides });
  dispatchers.push(d);
  return d;
}

async function publish(tenantId: string, count: number): Promise<string[]> {
  const events = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      h.engine.outbox.publish({ tenantId, type: 'case.created', data: { i } }),
    ),
  );
  return events.map((e) => e.id);
}

/** As if the grace period had long passed for this tenant's unfinished work. */
async function makeOverdue(tenantId: string): Promise<void> {
  await h.pool.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour'
     WHERE tenant_id = $1 AND status = 'pending'`,
    [tenantId],
  );
}

async function succeeded(subscriptionId: string, count: number): Promise<void> {
  await waitFor(
    async () => {
      const rows = await deliveryRows(h.pool, subscriptionId);
      return rows.length === count && rows.every((r) => r.status === 'succeeded');
    },
    { what: `${count} deliveries to succeed` },
  );
}

function receivedIds(r: Receiver): string[] {
  return r.requests.map((req) => String(req.headers['webhook-id'])).sort();
}

/** A tenant with one subscription to a receiver of its own. */
async function subscribedTenant(reply?: Receiver['reply']) {
  const tenant = h.newTenant();
  const r = await receiver(reply);
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  return { tenant, r, sub };
}

/** One delivery whose first attempt failed and whose retry waits in the delayed set. */
async function retryWaitingInDelayedSet() {
  const { tenant, sub } = await subscribedTenant((_req, i) => ({ status: i === 0 ? 500 : 200 }));
  const d = dispatcher({ retryBaseMs: 60_000 });
  await publish(tenant, 1);
  const delivery = await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]);
  await waitFor(
    async () => (await h.engine.queues.delivery.getJobState(delivery.id)) === 'delayed',
    { what: 'the retry to be delayed' },
  );
  return { tenant, sub, delivery, d };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('losing Redis loses no delivery', () => {
  it('while the delivery jobs are still waiting: the reconciler re-enqueues them', async () => {
    const { tenant, r, sub } = await subscribedTenant();
    const eventIds = await publish(tenant, 3);
    expect((await h.engine.queues.delivery.getJobCounts('waiting')).waiting).toBe(3);

    await h.redis.flush();
    const d = dispatcher();
    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toEqual({ deliveries: 3, orphans: 0 });
    await succeeded(sub.id, 3);
    expect(receivedIds(r)).toEqual([...eventIds].sort());
  });

  it('before the enqueue (the process died right after commit): the reconciler enqueues them', async () => {
    const { tenant, r, sub } = await subscribedTenant();
    const appended = await appendEvent(h.pool, plainEnvelope, {
      tenantId: tenant,
      type: 'case.created',
      data: {},
    });
    expect(await h.engine.queues.delivery.getJobCounts('waiting', 'delayed')).toMatchObject({
      waiting: 0,
      delayed: 0,
    });
    const d = dispatcher();
    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 0 });
    await succeeded(sub.id, 1);
    expect(receivedIds(r)).toEqual([appended.events[0]!.id]);
  });

  it('while one delivery is in flight and others wait: the one in flight finishes, the others are re-enqueued, none is sent twice', async () => {
    const tenant = h.newTenant();
    const held = gate();
    const r = await receiver((_req, i) => (i === 0 ? { holdUntil: held.opened } : {}));
    const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
    const d = dispatcher({ deliveryConcurrency: 1 });
    const eventIds = await publish(tenant, 3);
    await waitFor(
      async () =>
        r.requests.length === 1 &&
        (await h.engine.queues.delivery.getJobCounts('waiting')).waiting === 2,
      { what: 'one delivery in flight and two waiting' },
    );

    await h.redis.flush();
    held.open();
    await waitFor(
      async () =>
        (await deliveryRows(h.pool, sub.id)).filter((row) => row.status === 'succeeded').length ===
        1,
      { what: 'the delivery in flight to be recorded' },
    );
    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toMatchObject({ deliveries: 2 });
    await succeeded(sub.id, 3);
    expect(receivedIds(r)).toEqual([...eventIds].sort());
  });

  it('while attempts are made but their group is not yet written: each is recorded once, none is sent twice', async () => {
    const { tenant, r, sub } = await subscribedTenant();
    // Hold the delivery rows: the grouped write of their attempts waits for
    // this transaction, after the receiver has already answered.
    const holder = await h.pool.connect();
    try {
      const eventIds = await publish(tenant, 3);
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 FOR UPDATE', [
        sub.id,
      ]);
      dispatcher();
      await waitFor(() => r.requests.length === 3, { what: 'three attempts answered' });
      await h.redis.flush();
      await holder.query('COMMIT');
      await succeeded(sub.id, 3);
      expect(receivedIds(r)).toEqual([...eventIds].sort());
      const rows = await deliveryRows(h.pool, sub.id);
      expect(rows.map((row) => row.attempt_count)).toEqual([1, 1, 1]);
    } finally {
      holder.release();
    }
  });

  it('while a retry waits in the delayed set: it is re-enqueued when due and made', async () => {
    const { tenant, sub, d } = await retryWaitingInDelayedSet();

    await h.redis.flush();
    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toMatchObject({ deliveries: 1 });
    await succeeded(sub.id, 1);
    expect((await deliveryRows(h.pool, sub.id))[0]?.attempt_count).toBe(2);
  });
});

describe('a partial loss that leaves a job hash holding no work', () => {
  // BullMQ's add() with an id whose hash exists is a silent no-op, so such an
  // orphan would keep its row pending for good: the reconciler deletes it first.
  it('an orphaned delivery job is released and the delivery made', async () => {
    const { tenant, sub, delivery, d } = await retryWaitingInDelayedSet();
    const queue = h.engine.queues.delivery;

    // The delayed set loses the job; its hash stays.
    await h.engine.redis.zrem(queue.keys.delayed!, delivery.id);
    expect(await queue.getJobState(delivery.id)).toBe('unknown');
    expect(await queue.getJob(delivery.id)).toBeDefined();

    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 1 });
    await succeeded(sub.id, 1);
  });

  it('a half-rewritten job kept in the failed set is released and the delivery made', async () => {
    const { tenant, sub, delivery, d } = await retryWaitingInDelayedSet();
    const queue = h.engine.queues.delivery;
    // What a worker's script leaves when it writes to a job key Redis lost: a
    // hash without the job's data or options, failed and (without its
    // removeOnFail) kept.
    const jobKey = queue.toKey(delivery.id);
    await h.engine.redis
      .multi()
      .zrem(queue.keys.delayed!, delivery.id)
      .del(jobKey)
      .hset(jobKey, 'failedReason', 'Invalid input: deliveryId expected string')
      .zadd(queue.keys.failed!, Date.now(), delivery.id)
      .exec();
    expect(await queue.getJobState(delivery.id)).toBe('failed');

    await makeOverdue(tenant);
    expect(await d.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 1 });
    await succeeded(sub.id, 1);
  });

  it('a job still held by a queue state is left alone', async () => {
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, { url: 'http://127.0.0.1:9/never', eventTypes: ['*'] });
    await publish(tenant, 1);
    const [delivery] = await deliveryRows(h.pool, sub.id);
    await makeOverdue(tenant);
    // A dispatcher never started: no worker takes the job, so it keeps
    // waiting, and the sweep's re-add collapses into it.
    const d = createDispatcher(h.engine, DISPATCHER_OPTIONS);
    dispatchers.push(d);
    expect(await d.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 0 });
    expect(await h.engine.queues.delivery.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    expect(await h.engine.queues.delivery.getJobState(delivery!.id)).toBe('waiting');
  });
});
