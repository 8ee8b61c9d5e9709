import type { Pool } from '@referral/db';
import type { WebhookEngine } from '@referral/webhooks';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { createTenants } from './bench-tenants';
import { now } from './clock';
import type { CommitStamps } from './commit-stamps';
import { drainPhase, failedAttempts, stageLatencies } from './delivery-rows';
import { eventsOf, runLoad, type LoadPlan } from './load';
import { summarise, summariseLatency, type PhaseResult } from './phase-result';
import type { BenchReceiver } from './receiver';

export interface FullPathContext {
  engine: WebhookEngine;
  pool: Pool;
  commits: CommitStamps;
  receiver: BenchReceiver;
  /** Tenants per phase, each with one `*` subscription. */
  tenants: number;
  drainTimeoutMs: number;
}

/**
 * The engine end to end: publish through the outbox (main process), fan-out
 * and delivery (engine worker process), POST to the receiver (its own
 * process). Each phase gets its own `tenants` tenants with one `*`
 * subscription each, and sends to them in turn: the engine caps in-flight
 * deliveries per subscription, so one tenant would measure that cap, not the
 * engine. A phase ends only once every delivery row is `succeeded`.
 */
export async function runFullPath(
  ctx: FullPathContext,
  name: string,
  plan: LoadPlan,
): Promise<PhaseResult> {
  const tenants = await createTenants(ctx.engine, ctx.receiver.url, ctx.tenants);
  const subscriptionIds = tenants.map((t) => t.subscriptionId);
  await ctx.receiver.collect();

  const committedAt = new Map<string, number>();
  // Commit → publish() resolved: the enqueue the caller waits for after commit.
  const enqueueMs: number[] = [];
  let sent = 0;
  const run = await runLoad(plan, async () => {
    const { tenantId } = tenants[sent++ % tenants.length]!;
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    const commit = ctx.commits.take(event.id);
    if (commit === undefined) throw new Error(`commit of ${event.id} was not stamped`);
    committedAt.set(event.id, commit);
    enqueueMs.push(now() - commit);
  });

  const expected = eventsOf(plan);
  const receipts = await drainPhase(ctx, name, subscriptionIds, expected);
  const enqueue = summariseLatency(enqueueMs);
  return summarise({
    name,
    plan,
    run,
    startedAt: committedAt,
    receipts,
    details: {
      failedAttempts: await failedAttempts(ctx.pool, subscriptionIds),
      commitToPublishResolvedP50Ms: enqueue.p50,
      commitToPublishResolvedP99Ms: enqueue.p99,
      ...(await stageLatencies(ctx.pool, subscriptionIds)),
    },
  });
}
