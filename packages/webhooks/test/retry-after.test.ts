import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { attemptRows, createHarness, type Harness } from './harness';

// A base long against a receiver's Retry-After of seconds, so the delay that
// was chosen shows in Postgres, whatever the load: the policy alone would
// wait 800–1,200 ms before retry 1, and at most 4,000 ms with Retry-After.
const BASE_MS = 1_000;
let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher({ retryBaseMs: BASE_MS, timeoutMs: 1_000 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

/**
 * Publish one event to a receiver that answers `status` with `retryAfter`, and
 * read back how long the engine decided to wait before retry 1: the time it
 * scheduled in Postgres minus the end of the first attempt.
 */
async function scheduledDelayAfter(status: number, retryAfter: string): Promise<number> {
  const r = await startReceiver(() => ({ status, headers: { 'retry-after': retryAfter } }));
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
  const delivery = await waitFor(
    async () => {
      const { rows } = await h.pool.query<{
        id: string;
        status: string;
        next_attempt_at: Date | null;
      }>(
        `SELECT id, status, next_attempt_at FROM webhook_deliveries
         WHERE subscription_id = $1 AND attempt_count = 1`,
        [sub.id],
      );
      return rows[0];
    },
    { what: 'the first attempt to be recorded' },
  );
  // Cancel the retry: the test has read what it needs.
  await h.engine.subscriptions.remove(tenant, sub.id);
  expect(delivery.status).toBe('pending');
  const [attempt] = await attemptRows(h.pool, delivery.id);
  expect(attempt.status_code).toBe(status);
  const attemptEnded = (attempt.started_at as Date).getTime() + (attempt.duration_ms as number);
  return delivery.next_attempt_at!.getTime() - attemptEnded;
}

// The measured delay includes the few milliseconds between the response and the
// scheduling statement; far less than what separates the policy from Retry-After.
const SLACK_MS = 250;

describe('Retry-After', () => {
  it.each([429, 503])(
    'on %i, the retry waits as long as the receiver asks, beyond the policy delay',
    async (status) => {
      const delay = await scheduledDelayAfter(status, '3');
      expect(delay).toBeGreaterThanOrEqual(3_000 - 5);
      expect(delay).toBeLessThan(3_000 + SLACK_MS);
    },
  );

  it('is capped at four times the policy delay', async () => {
    const delay = await scheduledDelayAfter(503, '3600');
    expect(delay).toBeGreaterThanOrEqual(4 * BASE_MS - 5);
    expect(delay).toBeLessThan(4 * BASE_MS + SLACK_MS);
  });

  it('is read as an HTTP date too', async () => {
    // Whole seconds: an HTTP date has no finer resolution.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4_000);
    const delay = await scheduledDelayAfter(429, at.toUTCString());
    expect(delay).toBeGreaterThanOrEqual(2_000);
    expect(delay).toBeLessThanOrEqual(4 * BASE_MS + SLACK_MS);
  });

  it('is ignored on other statuses: the policy delay (base ± 20 %) applies', async () => {
    const delay = await scheduledDelayAfter(500, '3');
    expect(delay).toBeGreaterThanOrEqual(0.8 * BASE_MS - 5);
    expect(delay).toBeLessThan(1.2 * BASE_MS + SLACK_MS);
  });
});
