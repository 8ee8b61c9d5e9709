import { withTransaction, type Pool, type PoolClient } from '@referral/db';
import { Batcher } from '../batcher';
import type { JobProducer } from '../job-producer';
import {
  encodeEvent,
  insertEvents,
  type EncodedEvent,
  type EnvelopeEncoder,
  type NewEvent,
  type StoredEvent,
} from './event-store';

/**
 * Writes events through the transactional outbox and enqueues them after
 * commit. If the enqueue fails (Redis down, process killed) the event is
 * still committed and the reconciler's relay enqueues it later.
 */
export class EventPublisher {
  // Standalone events published in the same tick share one insert (one
  // commit) and one fan-out job. Each caller still waits for its own commit.
  // Events are encoded before they join a batch, so a refused one fails
  // alone rather than taking its neighbours down with it.
  private readonly publisher = new Batcher(async (events: EncodedEvent[]) => {
    const stored = await insertEvents(this.pool, events);
    await this.enqueue(stored.map((e) => e.id));
    return stored;
  });

  constructor(
    private readonly pool: Pool,
    private readonly queues: JobProducer,
    private readonly encodeEnvelope: EnvelopeEncoder,
  ) {}

  /** Run `work` and the events it emits in one transaction, then enqueue them. */
  async inTransaction<T>(
    work: (tx: PoolClient, emit: (event: NewEvent) => Promise<StoredEvent>) => Promise<T>,
  ): Promise<T> {
    const emitted: StoredEvent[] = [];
    const result = await withTransaction(this.pool, (tx) =>
      work(tx, async (event) => {
        const [stored] = await insertEvents(tx, [encodeEvent(event, this.encodeEnvelope)]);
        emitted.push(stored!);
        return stored!;
      }),
    );
    await this.enqueue(emitted.map((e) => e.id));
    return result;
  }

  /** Publish one event on its own; resolves once it is committed. */
  async publish(event: NewEvent): Promise<StoredEvent> {
    return this.publisher.call(encodeEvent(event, this.encodeEnvelope));
  }

  private enqueue(eventIds: string[]): Promise<void> {
    return this.queues.afterCommit({ eventIds }, () => this.queues.enqueueFanOut(eventIds));
  }
}
