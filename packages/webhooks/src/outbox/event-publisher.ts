import { withTransaction, type Pool, type PoolClient } from '@referral/db';
import { Batcher } from '../batcher';
import type { JobProducer } from '../job-producer';
import {
  encodeEvent,
  insertEvents,
  type EncodedEvent,
  type EnvelopeEncoder,
  type NewEvent,
  type QueuedDelivery,
  type StoredEvent,
} from './event-store';

/**
 * Writes events through the transactional outbox, fanned out to their
 * deliveries in the same transaction, and enqueues the deliveries after
 * commit: one BullMQ hop to the first attempt. If the enqueue fails (Redis
 * down, process killed) the deliveries are still committed as pending, and
 * the reconciler enqueues them later.
 */
export class EventPublisher {
  // Standalone events published in the same tick share one insert (one
  // commit) and one bulk enqueue. Each caller still waits for its own commit.
  // Events are encoded before they join a batch, so a refused one fails
  // alone rather than taking its neighbours down with it.
  // A publisher's callers wait for the enqueue too, so more groups may be out at once.
  private readonly publisher = new Batcher(
    async (events: EncodedEvent[]) => {
      const appended = await insertEvents(this.pool, events);
      await this.enqueue(appended.deliveries);
      return appended.events;
    },
    { maxInFlight: 8 },
  );

  constructor(
    private readonly pool: Pool,
    private readonly queues: JobProducer,
    private readonly encodeEnvelope: EnvelopeEncoder,
  ) {}

  /** Run `work` and the events it emits in one transaction, then enqueue their deliveries. */
  async inTransaction<T>(
    work: (tx: PoolClient, emit: (event: NewEvent) => Promise<StoredEvent>) => Promise<T>,
  ): Promise<T> {
    const deliveries: QueuedDelivery[] = [];
    const result = await withTransaction(this.pool, (tx) =>
      work(tx, async (event) => {
        const appended = await insertEvents(tx, [encodeEvent(event, this.encodeEnvelope)]);
        deliveries.push(...appended.deliveries);
        return appended.events[0]!;
      }),
    );
    await this.enqueue(deliveries);
    return result;
  }

  /** Publish one event on its own; resolves once it is committed. */
  async publish(event: NewEvent): Promise<StoredEvent> {
    return this.publisher.call(encodeEvent(event, this.encodeEnvelope));
  }

  private enqueue(deliveries: QueuedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return Promise.resolve();
    return this.queues.afterCommit({ deliveries: deliveries.length }, () =>
      this.queues.enqueueDeliveries(deliveries),
    );
  }
}
