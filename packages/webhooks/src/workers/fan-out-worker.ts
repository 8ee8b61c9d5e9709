import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from '@referral/db';
import { Batcher } from '../batcher';
import { fanOut } from '../delivery/fan-out';
import type { JobQueues } from '../job-queues';
import { QUEUES, type FanOutJob } from '../queues';

export interface FanOutWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
}

/** Turns each event into deliveries and enqueues them. */
export function createFanOutWorker(
  pool: Pool,
  queues: JobQueues,
  options: FanOutWorkerOptions,
): Worker<FanOutJob> {
  // Concurrent fan-out jobs share one statement and one enqueue.
  const batch = new Batcher(async (eventIds: string[]) => {
    const perEvent = await fanOut(pool, eventIds);
    await queues.enqueueDeliveries(perEvent.flat().map((id) => ({ id })));
    return perEvent;
  });
  return new Worker<FanOutJob>(
    QUEUES.fanOut.name,
    async (job: Job<FanOutJob>) => {
      await batch.call(QUEUES.fanOut.schema.parse(job.data).eventId);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // Fan-out is one short query: a dead worker's job is picked up again soon.
      lockDuration: 10_000,
      stalledInterval: 10_000,
      maxStalledCount: 100,
      autorun: false,
    },
  );
}
