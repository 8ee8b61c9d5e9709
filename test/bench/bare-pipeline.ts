import type { Queue } from 'bullmq';
import { newId } from '@referral/db';
import { waitFor } from '@referral/testing';
import { BARE_JOB_OPTIONS, BARE_QUEUE, type BareJob } from './bare-queue';
import { envelope } from './bench-event';
import { now } from './clock';
import { eventsOf, runLoad, type LoadPlan } from './load';
import { summarise, type PhaseResult } from './phase-result';
import type { BenchReceiver } from './receiver';

export interface BareContext {
  queue: Queue<BareJob>;
  receiver: BenchReceiver;
  drainTimeoutMs: number;
}

/**
 * The baseline: add a job (main process), a BullMQ worker POSTs its body with
 * undici (bare worker process) to the same receiver. Latency runs from just
 * before the add, as the engine's runs from its commit, which precedes its add.
 */
export async function runBare(
  ctx: BareContext,
  name: string,
  plan: LoadPlan,
): Promise<PhaseResult> {
  await ctx.receiver.collect();
  const enqueuedAt = new Map<string, number>();
  const run = await runLoad(plan, async () => {
    const id = newId('evt');
    const body = envelope(id);
    const at = now();
    await ctx.queue.add(BARE_QUEUE.job, { id, body }, { ...BARE_JOB_OPTIONS, jobId: id });
    enqueuedAt.set(id, at);
  });

  const expected = eventsOf(plan);
  await ctx.receiver.waitForReceipts(expected, ctx.drainTimeoutMs, `${name}: ${expected} receipts`);
  // The bare counterpart of "every row succeeded": no job left to run.
  await waitFor(
    async () => {
      const counts = await ctx.queue.getJobCounts(
        'wait',
        'active',
        'delayed',
        'prioritized',
        'paused',
      );
      return Object.values(counts).every((n) => n === 0);
    },
    { timeoutMs: ctx.drainTimeoutMs, intervalMs: 100, what: `${name}: queue drained` },
  );
  return summarise({
    name,
    plan,
    run,
    startedAt: enqueuedAt,
    receipts: await ctx.receiver.collect(),
  });
}
