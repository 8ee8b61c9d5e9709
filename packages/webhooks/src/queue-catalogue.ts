import { z } from 'zod';
import { TraceCarrier } from './tracing';

/**
 * The queue catalogue: every BullMQ queue the engine uses, its job payload and
 * its options. Payloads carry ids only; the row in Postgres is the truth.
 */
/**
 * One delivery, from its first attempt to its last. The subscription id lets
 * a worker apply the per-subscription cap before it reads Postgres; jobs
 * queued before it was carried lack it and are capped by delivery alone.
 * `trace` is the trace context of the span that enqueued it, when tracing is
 * on; a malformed one is dropped rather than failing the delivery.
 */
export const DeliveryJob = z.object({
  deliveryId: z.string(),
  subscriptionId: z.string().optional(),
  trace: TraceCarrier.optional().catch(undefined),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

export const QUEUES = {
  delivery: {
    name: 'webhook-delivery',
    job: 'deliver',
    schema: DeliveryJob,
  },
} as const;

/**
 * Options shared by every job. Finished jobs are removed at once: a job id is
 * the row id, and a lingering completed/failed job would make the reconciler's
 * re-add a silent no-op. Attempts here only cover infrastructure errors
 * (Postgres down); delivery retries are scheduled by the retry policy.
 */
export const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
} as const;

/**
 * The job lock must outlive the delivery deadline, or a second worker picks up
 * a delivery still in flight and sends it twice.
 */
export function deliveryLockDurationMs(timeoutMs: number): number {
  return 2 * timeoutMs + 5_000;
}
