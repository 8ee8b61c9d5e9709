import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_OPTIONS, QUEUES } from './queues';

/**
 * The producer side of the engine's queues. Job ids are row ids, so adding the
 * same event or delivery twice collapses into one job.
 */
export class JobQueues {
  readonly fanOut: Queue;
  readonly delivery: Queue;

  constructor(connection: Redis, prefix: string) {
    this.fanOut = new Queue(QUEUES.fanOut.name, { connection, prefix });
    this.delivery = new Queue(QUEUES.delivery.name, { connection, prefix });
  }

  /**
   * One job for events committed together; its id is the first event's id, so
   * a repeated enqueue of the same batch collapses.
   */
  async enqueueFanOut(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.fanOut.add(
      QUEUES.fanOut.job,
      { eventIds: [...eventIds] },
      { ...JOB_OPTIONS, jobId: eventIds[0] },
    );
  }

  /** Enqueue deliveries, in the order given, each after its own delay. */
  async enqueueDeliveries(deliveries: readonly { id: string; delayMs?: number }[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.delivery.addBulk(
      deliveries.map(({ id, delayMs }) => ({
        name: QUEUES.delivery.job,
        data: { deliveryId: id },
        opts: { ...JOB_OPTIONS, jobId: id, ...(delayMs && delayMs > 0 ? { delay: delayMs } : {}) },
      })),
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.fanOut.close(), this.delivery.close()]);
  }
}
