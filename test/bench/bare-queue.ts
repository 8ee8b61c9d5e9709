import { z } from 'zod';

/**
 * The baseline's one queue: what a pipeline with no outbox, no Postgres and no
 * signing does. Unlike the engine's id-only jobs, the job carries the body.
 */
export const BareJob = z.object({ id: z.string(), body: z.string() });
export type BareJob = z.infer<typeof BareJob>;

export const BARE_QUEUE = { name: 'bench-bare-delivery', job: 'deliver' } as const;

/** The engine's JOB_OPTIONS, so both pipelines pay the same Redis bookkeeping. */
export const BARE_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
} as const;

/** Same as the engine worker's timeoutMs; the lock outlives it as in the engine. */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const LOCK_DURATION_MS = 2 * DELIVERY_TIMEOUT_MS + 5_000;
