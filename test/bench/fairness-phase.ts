import type { Pool } from '@referral/db';
import { DEFAULT_MAX_IN_FLIGHT_PER_SUBSCRIPTION } from '@referral/webhooks';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { createTenants } from './bench-tenants';
import { now } from './clock';
import { drainPhase, failedAttempts } from './delivery-rows';
import type { FullPathContext } from './full-path';
import { runLoad, type LoadPlan } from './load';
import { round, summarise, type PhaseResult } from './phase-result';
import type { phaseRunner, CpuParts } from './phase-runner';
import type { BenchReceiver } from './receiver';

/** Issue 12's load: 5 events of each tenant every 20 ms (500 events/s with both tenants). */
const PER_ROUND = 5;
const ROUND_MS = 20;
/** Rounds whose publishes may be outstanding before the next waits. */
const ROUNDS_IN_FLIGHT = 10;
/** Events of the unmeasured warm-up on the fairness worker (a fresh process). */
const WARMUP_EVENTS = 200;

/**
 * The fairness worker's delivery timeout: far longer than the phase, so the
 * hung receiver holds its cap of deliveries throughout instead of timing out.
 */
export const FAIRNESS_DELIVERY_TIMEOUT_MS = 120_000;

export interface FairnessResults {
  events: number;
  /** The engine's default cap (WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION), which the worker runs with. */
  maxInFlightPerSubscription: number;
  /** The healthy receiver's commit → receipt, alone and beside the hung one. */
  aloneP50Ms: number;
  aloneP99Ms: number;
  withHungP50Ms: number;
  withHungP99Ms: number;
  /** p99 beside the hung receiver ÷ p99 alone. */
  p99Ratio: number;
  /** Requests the hung receiver held when the healthy stream had all arrived (the cap). */
  hungHeld: number;
  /** The hung subscription's deliveries still pending then (its backlog, the held ones included). */
  hungPending: number;
  /** After release: distinct deliveries the hung receiver got, and any twice. */
  hungDelivered: number;
  hungDuplicates: number;
  /** Release → every hung delivery received and succeeded. */
  hungDrainSeconds: number;
}

export interface FairnessContext extends Omit<FullPathContext, 'tenants'> {
  /** A receiver started with `hold`: it answers nothing until released. */
  hung: BenchReceiver;
  measure: ReturnType<typeof phaseRunner>;
  worker: CpuParts;
}

export function describeFairness(events: number, tenants: number): string {
  return (
    `${events} events × ${tenants} tenant${tenants > 1 ? 's' : ''}, ` +
    `${PER_ROUND} of each every ${ROUND_MS} ms`
  );
}

/**
 * Issue 12's fairness: the healthy receiver's commit → receipt while a hung
 * receiver (each request held until released) holds a backlog, against the
 * same healthy stream alone, measured on the same worker in the same run.
 * Then the hung receiver is released and its backlog drains (counted: once
 * each). Phases `fairnessAlone` and `fairnessHung`.
 */
export async function runFairnessPhases(
  ctx: FairnessContext,
  events: number,
): Promise<FairnessResults> {
  const { measure, hung } = ctx;
  // Both receivers count as the receiver in the CPU figures.
  const parts: CpuParts = {
    ...ctx.worker,
    receiver: async () => (await ctx.receiver.cpuMs()) + (await hung.cpuMs()),
  };
  await measure('', 'Fairness warm-up', describeFairness(WARMUP_EVENTS, 1), parts, (name) =>
    runStream(ctx, name, WARMUP_EVENTS),
  );
  const alone = await measure(
    'fairnessAlone',
    'Fairness, healthy alone',
    describeFairness(events, 1),
    parts,
    (name) => runStream(ctx, name, events),
  );
  const [hungTenant] = await createTenants(ctx.engine, hung.url, 1);
  let hungHeld = NaN;
  let hungPending = NaN;
  const withHung = await measure(
    'fairnessHung',
    'Fairness, beside a hung receiver',
    describeFairness(events, 2),
    parts,
    async (name) => {
      const result = await runStream(ctx, name, events, hungTenant!.tenantId);
      // Read as the healthy stream finishes: what the hung one holds meanwhile.
      hungHeld = await hung.received();
      hungPending = await pendingOf(ctx.pool, hungTenant!.subscriptionId);
      return result;
    },
  );

  // Released, the backlog goes out; after the phase, so its CPU is not the healthy stream's.
  const releasedAt = now();
  await hung.release();
  const backlog = await drainPhase(
    { ...ctx, receiver: hung },
    'the hung receiver’s backlog',
    [hungTenant!.subscriptionId],
    events,
  );
  const hungDrainSeconds = (now() - releasedAt) / 1000;
  return {
    events,
    maxInFlightPerSubscription: DEFAULT_MAX_IN_FLIGHT_PER_SUBSCRIPTION,
    aloneP50Ms: alone.latencyMs.p50,
    aloneP99Ms: alone.latencyMs.p99,
    withHungP50Ms: withHung.latencyMs.p50,
    withHungP99Ms: withHung.latencyMs.p99,
    p99Ratio: round(withHung.latencyMs.p99 / alone.latencyMs.p99, 3),
    hungHeld,
    hungPending,
    hungDelivered: backlog.at.size,
    hungDuplicates: backlog.duplicates,
    hungDrainSeconds: round(hungDrainSeconds, 2),
  };
}

/**
 * One new healthy tenant (one `*` subscription to the receiver) gets `events`
 * events, `PER_ROUND` every `ROUND_MS`; `hungTenant`, if given, gets as many, interleaved in the same rounds. Latency is the healthy
 * events' commit → receipt; the phase ends when they all succeeded.
 */
async function runStream(
  ctx: Omit<FairnessContext, 'measure' | 'worker'>,
  name: string,
  events: number,
  hungTenant?: string,
): Promise<PhaseResult> {
  const [healthy] = await createTenants(ctx.engine, ctx.receiver.url, 1);
  const { tenantId: healthyTenant, subscriptionId: healthySubscriptionId } = healthy!;
  await ctx.receiver.collect();

  const rounds = Math.ceil(events / PER_ROUND);
  const plan: LoadPlan = {
    kind: 'paced',
    rate: 1000 / ROUND_MS,
    seconds: (rounds * ROUND_MS) / 1000,
    maxInFlight: ROUNDS_IN_FLIGHT,
  };
  const committedAt = new Map<string, number>();
  let round = 0;
  const publish = async (tenantId: string) => {
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    const commit = ctx.commits.take(event.id);
    if (tenantId !== healthyTenant) return;
    if (commit === undefined) throw new Error(`commit of ${event.id} was not stamped`);
    committedAt.set(event.id, commit);
  };
  const run = await runLoad(plan, async () => {
    const count = Math.min(PER_ROUND, events - PER_ROUND * round++);
    const tenants = hungTenant ? [healthyTenant, hungTenant] : [healthyTenant];
    await Promise.all(
      tenants.flatMap((tenantId) => Array.from({ length: count }, () => publish(tenantId))),
    );
  });

  const receipts = await drainPhase(ctx, name, [healthySubscriptionId], events);
  return summarise({
    name,
    plan,
    // Counted in healthy events, not rounds.
    run: { ...run, sent: committedAt.size },
    startedAt: committedAt,
    receipts,
    details: { failedAttempts: await failedAttempts(ctx.pool, [healthySubscriptionId]) },
  });
}

async function pendingOf(pool: Pool, subscriptionId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'`,
    [subscriptionId],
  );
  return rows[0]?.n ?? 0;
}
