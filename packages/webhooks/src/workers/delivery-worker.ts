import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliveryLockDurationMs, QUEUES, type DeliveryJob } from '../queue-catalogue';
import type { DeliveryProcessor } from '../sending/delivery-processor';
import { DelayedJobWaker } from './delayed-job-waker';

export interface DeliveryWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  timeoutMs: number;
}

/**
 * Runs deliveries. A retry keeps the same job (and job id): the job is moved
 * to the delayed set until the time the retry policy chose.
 */
export function createDeliveryWorker(
  processor: DeliveryProcessor,
  options: DeliveryWorkerOptions,
): Worker<DeliveryJob> {
  const worker = new Worker<DeliveryJob>(
    QUEUES.delivery.name,
    async (job: Job<DeliveryJob>, token?: string) => {
      const { deliveryId } = QUEUES.delivery.schema.parse(job.data);
      const result = await processor.process(deliveryId);
      if (result.kind === 'retry') {
        // The job falls due at the instant Postgres holds (next_attempt_at), so
        // the time spent recording the attempt is not added to the delay; the
        // waker starts it then rather than on Redis's next cron tick.
        await job.moveToDelayed(result.at.getTime(), token);
        waker.wakeAt(result.at.getTime());
        throw new DelayedError();
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
  const waker = new DelayedJobWaker(options.connection, worker.toKey('marker'), (err) =>
    worker.emit('error', err as Error),
  );
  worker.on('closing', () => waker.stop());
  return worker;
}
