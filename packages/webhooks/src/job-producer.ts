import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@referral/logger';
import { releaseOrphanedJobs } from './orphaned-jobs';
import { JOB_OPTIONS, QUEUES, type DeliveryJob } from './queue-catalogue';
import { traceCarrier, type TraceCarrier } from './tracing';

/** How long an enqueue may wait for Redis before it is left to the reconciler. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * The producer side of the engine's queue. Job ids are row ids, so adding the
 * same delivery twice collapses into one job. Every enqueue is
 * bounded in time: with Redis down BullMQ would otherwise wait forever.
 */
export class JobProducer {
  readonly delivery: Queue;

  constructor(
    private readonly connection: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.delivery = new Queue(QUEUES.delivery.name, { connection, prefix });
  }

  /** Every queue of the catalogue, for what watches them all (metrics, the queue UI). */
  get all(): readonly Queue[] {
    return [this.delivery];
  }

  /**
   * Enqueue deliveries, in the order given, each after its own delay. Each job
   * carries its delivery's trace context, or else the caller's (a redelivery
   * continues the request that asked for it); none when tracing is off.
   */
  async enqueueDeliveries(
    deliveries: readonly {
      id: string;
      subscriptionId: string;
      delayMs?: number;
      trace?: TraceCarrier;
    }[],
  ): Promise<void> {
    if (deliveries.length === 0) return;
    const callers = traceCarrier();
    await bounded(
      this.delivery.addBulk(
        deliveries.map(({ id, subscriptionId, delayMs, trace = callers }) => ({
          name: QUEUES.delivery.job,
          data: {
            deliveryId: id,
            subscriptionId,
            ...(trace ? { trace } : {}),
          } satisfies DeliveryJob,
          opts: {
            ...JOB_OPTIONS,
            jobId: id,
            ...(delayMs && delayMs > 0 ? { delay: delayMs } : {}),
          },
        })),
      ),
    );
  }

  /**
   * Before a re-add: delete the jobs among `jobIds` whose hash holds no work
   * (see orphaned-jobs.ts), since adding an id that still has a hash does nothing.
   */
  releaseOrphans(jobIds: readonly string[]): Promise<number> {
    return bounded(releaseOrphanedJobs(this.connection, this.delivery, jobIds));
  }

  /**
   * For work Postgres already holds (committed events, pending deliveries):
   * enqueue now if Redis takes it, else leave it to the reconciler. Never
   * throws; says whether Redis took it.
   */
  async afterCommit(what: Record<string, unknown>, enqueue: () => Promise<void>): Promise<boolean> {
    try {
      await enqueue();
      return true;
    } catch (err) {
      this.logger.warn(
        { ...what, err },
        'committed but not enqueued; the reconciler will enqueue it',
      );
      return false;
    }
  }

  async close(): Promise<void> {
    await this.delivery.close();
  }
}

export class EnqueueTimeoutError extends Error {
  override name = 'EnqueueTimeoutError';
}

function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EnqueueTimeoutError(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
