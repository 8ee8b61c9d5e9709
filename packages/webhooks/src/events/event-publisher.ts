import { withTransaction, type Pool, type PoolClient } from '@referral/db';
import type { Logger } from '@referral/logger';
import type { JobQueues } from '../job-queues';
import { Batcher } from '../batcher';
import { appendEvent, type NewEvent, type StoredEvent } from './event-store';

/**
 * Writes events through the transactional outbox and enqueues them after
 * commit. If the enqueue fails (Redis down, process killed) the event is
 * still committed and the reconciler's relay enqueues it later.
 */
export class EventPublisher {
  // Events committed in the same tick are enqueued in one round trip.
  private readonly enqueuer = new Batcher(async (ids: string[]) => {
    await this.queues.enqueueFanOut(ids);
    return ids;
  });

  constructor(
    private readonly pool: Pool,
    private readonly queues: JobQueues,
    private readonly logger: Logger,
  ) {}

  /** Run `work` and the events it returns in one transaction, then enqueue them. */
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

  /** Publish one event on its own: a single-statement (autocommit) insert. */
  async publish(event: NewEvent): Promise<StoredEvent> {
    const stored = await appendEvent(this.pool, event);
    await this.enqueue([stored.id]);
    return stored;
  }

  private async enqueue(eventIds: string[]): Promise<void> {
    try {
      await Promise.all(eventIds.map((id) => this.enqueuer.call(id)));
    } catch (error) {
      this.logger.warn(
        { eventIds, err: error },
        'events committed but not enqueued; the relay will enqueue them',
      );
    }
  }
}
