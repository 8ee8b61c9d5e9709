import { randomUUID } from 'node:crypto';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { subscribeAll } from './bench-tenants';
import { drainPhase, failedAttempts, stageLatencies } from './delivery-rows';
import type { FullPathContext } from './full-path';
import { runLoad, type LoadPlan } from './load';
import { summarise, summariseLatency, type PhaseResult } from './phase-result';

export interface FanOutPlan {
  /** `*` subscriptions of the one tenant: deliveries per event. */
  subscriptions: number;
  events: number;
  intervalMs: number;
}

export function describeFanOut(plan: FanOutPlan): string {
  return `${plan.events} events to ${plan.subscriptions} subscriptions each, one every ${plan.intervalMs} ms`;
}

/**
 * One tenant with `subscriptions` subscriptions to `*`, each its own
 * receiver URL (`?to=<n>`, so the receiver tells the copies of one event
 * apart); one event every `intervalMs`. Latency runs from the event's commit
 * to each copy's receipt; `eventComplete…` from the commit to its last copy.
 */
export async function runFanOut(
  ctx: Omit<FullPathContext, 'tenants'>,
  name: string,
  plan: FanOutPlan,
): Promise<PhaseResult> {
  const tenantId = randomUUID();
  const urls = Array.from({ length: plan.subscriptions }, (_, n) => `${ctx.receiver.url}?to=${n}`);
  const subscriptionIds = await subscribeAll(ctx.engine, tenantId, urls);
  await ctx.receiver.collect();

  const load: LoadPlan = {
    kind: 'paced',
    rate: 1000 / plan.intervalMs,
    seconds: (plan.events * plan.intervalMs) / 1000,
    maxInFlight: plan.events,
  };
  const committedAt = new Map<string, number>();
  const run = await runLoad(load, async () => {
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    const commit = ctx.commits.take(event.id);
    if (commit === undefined) throw new Error(`commit of ${event.id} was not stamped`);
    committedAt.set(event.id, commit);
  });

  const expected = plan.events * plan.subscriptions;
  const receipts = await drainPhase(ctx, name, subscriptionIds, expected);

  const startedAt = new Map<string, number>();
  const completeMs: number[] = [];
  for (const [eventId, commit] of committedAt) {
    let last = -Infinity;
    for (let n = 0; n < plan.subscriptions; n += 1) {
      const key = `${eventId}/${n}`;
      startedAt.set(key, commit);
      last = Math.max(last, (receipts.at.get(key) ?? Infinity) - commit);
    }
    completeMs.push(last);
  }
  const complete = summariseLatency(completeMs);
  return summarise({
    name,
    plan: load,
    run,
    startedAt,
    receipts,
    details: {
      subscriptions: plan.subscriptions,
      eventCompleteP50Ms: complete.p50,
      eventCompleteP99Ms: complete.p99,
      eventCompleteMaxMs: complete.max,
      failedAttempts: await failedAttempts(ctx.pool, subscriptionIds),
      ...(await stageLatencies(ctx.pool, subscriptionIds)),
    },
  });
}
