import { randomUUID } from 'node:crypto';
import type { Pool } from '@referral/db';
import { waitFor } from '@referral/testing';
import type { WebhookEngine } from '@referral/webhooks';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { now } from './clock';
import type { CommitStamps } from './commit-stamps';
import { eventsOf, runLoad, type LoadPlan } from './load';
import { round, summarise, summariseLatency, type PhaseResult } from './phase-result';
import type { BenchReceiver } from './receiver';

export interface FullPathContext {
  engine: WebhookEngine;
  pool: Pool;
  commits: CommitStamps;
  receiver: BenchReceiver;
  drainTimeoutMs: number;
}

/**
 * The engine end to end: publish through the outbox (main process), fan-out
 * and delivery (engine worker process), POST to the receiver (its own
 * process). Each phase gets its own tenant with one `*` subscription, and
 * ends only once every delivery row is `succeeded`.
 */
export async function runFullPath(
  ctx: FullPathContext,
  name: string,
  plan: LoadPlan,
): Promise<PhaseResult> {
  const tenantId = randomUUID();
  const created = await ctx.engine.subscriptions.create(tenantId, {
    url: ctx.receiver.url,
    eventTypes: ['*'],
  });
  if (created.outcome !== 'created') throw new Error(`subscription refused: ${created.problem}`);
  const subscription = created.subscription;
  await ctx.receiver.collect();

  const committedAt = new Map<string, number>();
  // Commit → publish() resolved: the enqueue the caller waits for after commit.
  const enqueueMs: number[] = [];
  const run = await runLoad(plan, async () => {
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    const commit = ctx.commits.take(event.id);
    if (commit === undefined) throw new Error(`commit of ${event.id} was not stamped`);
    committedAt.set(event.id, commit);
    enqueueMs.push(now() - commit);
  });

  const expected = eventsOf(plan);
  await ctx.receiver.waitForReceipts(expected, ctx.drainTimeoutMs, `${name}: ${expected} receipts`);
  await waitFor(
    async () => {
      const counts = await deliveryCounts(ctx.pool, subscription.id);
      return counts.succeeded === expected && counts.total === expected;
    },
    {
      timeoutMs: ctx.drainTimeoutMs,
      intervalMs: 200,
      what: `${name}: ${expected} deliveries succeeded`,
    },
  );
  const receipts = await ctx.receiver.collect();
  const enqueue = summariseLatency(enqueueMs);
  return summarise({
    name,
    plan,
    run,
    startedAt: committedAt,
    receipts,
    details: {
      failedAttempts: await failedAttempts(ctx.pool, subscription.id),
      commitToPublishResolvedP50Ms: enqueue.p50,
      commitToPublishResolvedP99Ms: enqueue.p99,
      ...(await stageLatencies(ctx.pool, subscription.id)),
    },
  });
}

async function deliveryCounts(pool: Pool, subscriptionId: string) {
  const { rows } = await pool.query<{ succeeded: number; total: number }>(
    `SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) AS total
     FROM webhook_deliveries WHERE subscription_id = $1`,
    [subscriptionId],
  );
  return rows[0] ?? { succeeded: 0, total: 0 };
}

async function failedAttempts(pool: Pool, subscriptionId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM webhook_attempts a
     JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE d.subscription_id = $1 AND NOT a.succeeded`,
    [subscriptionId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Where the time went, from the rows' own timestamps: event created (just
 * before its insert) → delivery row created (fan-out transaction start) →
 * attempt started (picked up, loaded, signed) → row updated (POST answered,
 * attempt recorded).
 */
async function stageLatencies(pool: Pool, subscriptionId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, number | null>>(
    `WITH stages AS (
       SELECT extract(epoch FROM d.created_at - e.created_at) * 1000 AS fan_out,
              extract(epoch FROM d.last_attempt_at - d.created_at) * 1000 AS pick_up,
              extract(epoch FROM d.updated_at - d.last_attempt_at) * 1000 AS attempt
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.subscription_id = $1
     )
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY fan_out) AS "eventToFanOutP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY fan_out) AS "eventToFanOutP99Ms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY pick_up) AS "fanOutToAttemptP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY pick_up) AS "fanOutToAttemptP99Ms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY attempt) AS "attemptToRecordedP50Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY attempt) AS "attemptToRecordedP99Ms"
     FROM stages`,
    [subscriptionId],
  );
  return Object.fromEntries(
    Object.entries(rows[0] ?? {}).map(([k, v]) => [k, round(Number(v ?? NaN))]),
  );
}
