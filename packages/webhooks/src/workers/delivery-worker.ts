import { DelayedError, Job, Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliveryLockDurationMs, QUEUES, type DeliveryJob } from '../queue-catalogue';
import type { DeliveryProcessor } from '../sending/delivery-processor';
import { DelayedJobWaker } from './delayed-job-waker';
import { SubscriptionSlots, type ParkedJobs } from './subscription-slots';

/**
 * A job parked for a slot wakes by itself, should its hand-over be lost (a
 * crash): after 30 s, plus 100 ms per job ahead of it, at most 5 min, so a
 * long line does not churn through Redis while it waits.
 */
function safetyNetMs(place: number): number {
  return Math.min(30_000 + place * 100, 300_000);
}

export interface DeliveryWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  timeoutMs: number;
  /** Deliveries in flight per subscription in this dispatcher. */
  maxInFlightPerSubscription: number;
  onError: (err: unknown) => void;
  /** Every error a delivery run threw (the job is retried by BullMQ). */
  onProcessError?: (err: unknown) => void;
}

/**
 * Runs deliveries. A retry keeps the same job (and job id): the job is moved
 * to the delayed set until the time the retry policy chose. A job whose
 * subscription already has its cap of deliveries in flight parks the same way
 * until a slot is handed to it (`SubscriptionSlots`).
 */
export function createDeliveryWorker(
  processor: DeliveryProcessor,
  queue: Queue,
  options: DeliveryWorkerOptions,
) {
  const slots = new SubscriptionSlots(
    options.maxInFlightPerSubscription,
    parkedJobsOf(queue),
    options.onError,
  );
  const worker = new Worker<DeliveryJob>(
    QUEUES.delivery.name,
    async (job: Job<DeliveryJob>, token?: string) => {
      const { deliveryId, subscriptionId } = QUEUES.delivery.schema.parse(job.data);
      const key = subscriptionId ?? deliveryId;
      const slot = slots.tryAcquire(key, job.id!);
      if (!slot.admitted) {
        await job.moveToDelayed(Date.now() + safetyNetMs(slot.place), token);
        throw new DelayedError();
      }
      try {
        const result = await processor.process(deliveryId).catch((err: unknown) => {
          options.onProcessError?.(err);
          throw err;
        });
        if (result.kind === 'retry') {
          // Due at the instant Postgres holds (next_attempt_at), so the time spent
          // recording the attempt is not added to the delay; the waker starts it
          // then rather than on Redis's next cron tick.
          await job.moveToDelayed(result.at.getTime(), token);
          waker.wakeAt(result.at.getTime());
          throw new DelayedError();
        }
      } finally {
        slots.release(key);
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: deliveryLockDurationMs(options.timeoutMs),
      stalledInterval: deliveryLockDurationMs(options.timeoutMs),
      // A job whose worker died is picked up again; Postgres decides whether
      // anything is left to do.
      maxStalledCount: 100,
      autorun: false,
    },
  );
  const waker = new DelayedJobWaker(options.connection, worker.toKey('marker'), options.onError);
  worker.on('closing', () => waker.stop());
  return { worker, slots };
}

function parkedJobsOf(queue: Queue): ParkedJobs {
  return {
    async wake(jobId) {
      const job = await Job.fromId(queue, jobId);
      if (!job) return 'gone';
      const state = await job.getState();
      if (state === 'waiting' || state === 'prioritized') return 'promoted';
      if (state === 'active') return 'not_parked_yet';
      if (state !== 'delayed') return 'gone';
      try {
        await job.promote();
        return 'promoted';
      } catch {
        return 'not_parked_yet'; // it moved between the two reads: look again
      }
    },
  };
}
