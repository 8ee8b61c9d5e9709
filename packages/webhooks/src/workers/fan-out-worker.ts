import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from '@referral/db';
import { fanOut } from '../sending/fan-out';
import type { JobProducer } from '../job-producer';
import { QUEUES, type FanOutJob } from '../queue-catalogue';

export interface FanOutWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
}

/** Turns each event into deliveries and enqueues them. */
export function createFanOutWorker(
  pool: Pool,
  queues: JobProducer,
  options: FanOutWorkerOptions,
): Worker<FanOutJob> {
  return new Worker<FanOutJob>(
    QUEUES.fanOut.name,
    async (job: Job<FanOutJob>) => {
      const { eventIds } = QUEUES.fanOut.schema.parse(job.data);
      const deliveryIds = await fanOut(pool, eventIds);
      await queues.enqueueDeliveries(deliveryIds.flat().map((id) => ({ id })));
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
