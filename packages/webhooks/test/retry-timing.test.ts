import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { Job } from 'bullmq';
import { MAX_RETRIES, type Dispatcher } from '../src';
import { attemptRows, createHarness, deliveryRows, type Harness } from './harness';

// Retries of 100 ms × 2^(n-1): all 9 attempts within 25.5 s (30.6 s at +20 %).
const BASE_MS = 100;
/** A retry reaches the receiver no earlier than scheduled, and at most this much later. */
const MAX_LATENESS_MS = 1_000;
/**
 * The moment a delay was chosen is read back as the failed attempt's
 * started_at + duration_ms: whole milliseconds each, so ±2 ms of rounding.
 */
const ROUNDING_MS = 2;

let h: Harness;
// Each test runs its own dispatcher, with its own retry base.
let dispatcher: Dispatcher | undefined;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function nextAttemptAt(subscriptionId: string): Promise<number> {
  const { rows } = await h.pool.query<{ next_attempt_at: Date }>(
    'SELECT next_attempt_at FROM webhook_deliveries WHERE subscription_id = $1',
    [subscriptionId],
  );
  return rows[0]!.next_attempt_at.getTime();
}

/**
 * A receiver that answers 500 to every attempt, and notes for each the
 * delivery's next_attempt_at as it stood when the attempt arrived: the time
 * that attempt was scheduled for (the row changes only once it is recorded).
 */
async function failingReceiver() {
  let subscriptionId = '';
  const scheduledAt: number[] = [];
  const r = await startReceiver((_req, i) => ({
    status: 500,
    holdUntil: nextAttemptAt(subscriptionId).then((at) => (scheduledAt[i] = at)),
  }));
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  subscriptionId = sub.id;
  return { r, sub, tenant, scheduledAt };
}

describe('retry timing', () => {
  it('fires every retry no earlier than next_attempt_at and within 1 s of it, scheduled base × 2^(n-1) ± 20 % after the failure', async () => {
    dispatcher = h.startDispatcher({ retryBaseMs: BASE_MS, timeoutMs: 5_000 });
    const { r, sub, tenant, scheduledAt } = await failingReceiver();
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await waitFor(
      async () => {
        const [row] = await deliveryRows(h.pool, sub.id);
        return row?.status === 'failed' ? row : undefined;
      },
      { what: 'all attempts to fail', timeoutMs: 50_000 },
    );
    const attempts = await attemptRows(h.pool, delivery.id);
    expect(attempts).toHaveLength(MAX_RETRIES + 1);
    expect(r.requests).toHaveLength(MAX_RETRIES + 1);

    const retries = Array.from({ length: MAX_RETRIES }, (_, i) => {
      const failed = attempts[i]!;
      const scheduled = scheduledAt[i + 1]!;
      return {
        retry: i + 1,
        nominalMs: BASE_MS * 2 ** i,
        delayMs:
          scheduled - ((failed.started_at as Date).getTime() + (failed.duration_ms as number)),
        // When the engine started the attempt, and when the POST reached the receiver.
        startedLateMs: (attempts[i + 1]!.started_at as Date).getTime() - scheduled,
        arrivedLateMs: r.requests[i + 1]!.receivedAt - scheduled,
      };
    });
    const offSchedule = retries.filter(
      (t) =>
        t.delayMs < t.nominalMs * 0.8 - ROUNDING_MS || t.delayMs > t.nominalMs * 1.2 + ROUNDING_MS,
    );
    const early = retries.filter((t) => t.startedLateMs < 0 || t.arrivedLateMs < 0);
    const late = retries.filter((t) => t.arrivedLateMs > MAX_LATENESS_MS);
    expect({ offSchedule, early, late }).toEqual({ offSchedule: [], early: [], late: [] });
  }, 60_000);

  it('holds a job that runs before next_attempt_at (a stray promotion) until that time', async () => {
    dispatcher = h.startDispatcher({ retryBaseMs: 2_000, timeoutMs: 5_000 });
    const { r, sub, tenant, scheduledAt } = await failingReceiver();
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const [delivery] = await waitFor(async () => {
      const rows = await deliveryRows(h.pool, sub.id);
      return rows[0]?.attempt_count === 1 ? rows : undefined;
    });
    const due = await nextAttemptAt(sub.id); // retry 1: 1.6–2.4 s after the failure
    const job = await waitFor(async () => {
      const found = await Job.fromId(h.engine.queues.delivery, delivery!.id);
      return (await found?.isDelayed()) ? found : undefined;
    });
    // Half a second early, as a re-add or a clock a little ahead would run it.
    await waitFor(() => Date.now() >= due - 500, { what: 'half a second before retry 1' });
    await job.promote();
    await waitFor(() => scheduledAt[1] !== undefined, { what: 'retry 1' });
    expect(scheduledAt[1]).toBe(due);
    expect(r.requests[1]!.receivedAt).toBeGreaterThanOrEqual(due);
  });
});
