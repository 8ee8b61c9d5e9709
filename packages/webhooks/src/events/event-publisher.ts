import { withTransaction, type Pool, type PoolClient } from '@referral/db';
import { Batcher } from '../batcher';
import type { JobQueues } from '../job-queues';
import { appendEvent, appendEvents, type NewEvent, type StoredEvent } from './event-store';

/**
 * Writes events through the transactional outbox and enqueues them after
 * commit. If the enqueue fails (Redis down, process killed) the event is
 * still committed and the reconciler's relay enqueues it later.
 */
export class EventPublisher {
  // Standalone events published in the same tick share one insert (one
  // commit) and one fan-out job. Each caller still waits for its own commit.
  private readonly publisher = new Batcher(async (events: NewEvent[]) => {
    const stored = await appendEvents(this.pool, events);
    await this.enqueue(stored.map((e) => e.id));
    return stored;
  });

  constructor(
    private readonly pool: Pool,
    private readonly queues: JobQueues,
  ) {}

  /** Run `work` and the events it emits in one transaction, then enqueue them. */
  async inTransaction<T>(
    work: (tx: PoolClient, emit: (event: NewEvent) => Promise<StoredEvent>) => Promise<T>,
  ): Promise<T> {
    const emitted: StoredEvent[] = [];
    const result = await withTransaction(this.pool, (tx) =>
      work(tx, async (event) => {
        const stored = await appendEvent(tx, event);
        emitted.push(stored);
        return stored;
      }),
    );
    await this.enqueue(emitted.map((e) => e.id));
    return result;
  }

  /** Publish one event on its own; resolves once it is committed. */
  publish(event: NewEvent): Promise<StoredEvent> {
    return this.publisher.call(event);
  }

  private enqueue(eventIds: string[]): Promise<void> {
    return this.queues.afterCommit({ eventIds }, () => this.queues.enqueueFanOut(eventIds));
  }
}
