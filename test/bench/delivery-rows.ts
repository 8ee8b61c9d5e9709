import type { Pool } from '@referral/db';
import type { BenchReceiver } from './receiver';
import { waitFor } from '@referral/testing';
import { round } from './phase-result';

/**
 * What Postgres says of a phase's deliveries, found by their subscriptions
 * (every phase subscribes anew, so its subscriptions are its own).
 */

/** A phase's end: every receipt in and every delivery row succeeded; then its receipts. */
export async function drainPhase(
  ctx: { receiver: BenchReceiver; pool: Pool; drainTimeoutMs: number },
  name: string,
  subscriptionIds: string[],
  expected: number,
) {
  await ctx.receiver.waitForReceipts(expected, ctx.drainTimeoutMs, `${name}: ${expected} receipts`);
  await waitForSucceeded(
    ctx.pool,
    subscriptionIds,
    expected,
    ctx.drainTimeoutMs,
    `${name}: ${expected} deliveries succeeded`,
  );
  return ctx.receiver.collect();
}

/** Wait until the phase's subscriptions have exactly `expected` deliveries, all `succeeded`. */
export async function waitForSucceeded(
  pool: Pool,
  subscriptionIds: string[],
  expected: number,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await pool.query<{ succeeded: number; total: number }>(
        `SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) AS total
         FROM webhook_deliveries WHERE subscription_id = ANY($1::text[])`,
        [subscriptionIds],
      );
      const counts = rows[0] ?? { succeeded: 0, total: 0 };
      return counts.succeeded === expected && counts.total === expected;
    },
    { timeoutMs, intervalMs: 200, what },
  );
}

export async function failedAttempts(pool: Pool, subscriptionIds: string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM webhook_attempts a
     JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE d.subscription_id = ANY($1::text[]) AND NOT a.succeeded`,
    [subscriptionIds],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Where the time went, from the rows' own timestamps: event created (just
 * before its insert) → delivery row created → attempt started (picked up,
 * loaded, signed) → row updated (POST answered, attempt recorded).
 *
 * When deliveries are made in the event's own transaction (one hop), the
 * first stage is about 0 and may come out a little below it: some stamps are
 * the application's clock, others Postgres's `now()` (the transaction's
 * start). A stage below 0 counts as 0.
 */
export async function stageLatencies(
  pool: Pool,
  subscriptionIds: string[],
): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, number | null>>(
    `WITH stages AS (
       SELECT greatest(0, extract(epoch FROM d.created_at - e.created_at) * 1000) AS fan_out,
              greatest(0, extract(epoch FROM d.last_attempt_at - d.created_at) * 1000) AS pick_up,
              greatest(0, extract(epoch FROM d.updated_at - d.last_attempt_at) * 1000) AS attempt
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.subscription_id = ANY($1::text[])
     )
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY fan_out) AS "eventToFanOutP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY fan_out) AS "eventToFanOutP99Ms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY pick_up) AS "fanOutToAttemptP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY pick_up) AS "fanOutToAttemptP99Ms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY attempt) AS "attemptToRecordedP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY attempt) AS "attemptToRecordedP99Ms"
     FROM stages`,
    [subscriptionIds],
  );
  return Object.fromEntries(
    Object.entries(rows[0] ?? {}).map(([k, v]) => [k, round(Number(v ?? NaN))]),
  );
}
