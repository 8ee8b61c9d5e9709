import type { Span } from '@opentelemetry/api';
import { withTransaction, type Pool, type PoolClient } from '@referral/db';
import { Batcher } from '../batcher';
import type { JobProducer } from '../job-producer';
import { endPublishSpan, spanCarrier, startPublishSpan } from '../tracing';
import {
  encodeEvent,
  insertEvents,
  type EncodedEvent,
  type EnvelopeEncoder,
  type NewEvent,
  type QueuedDelivery,
  type StoredEvent,
} from './event-store';

/** An event on its way out, with the span that follows it from append to enqueue. */
interface Outgoing {
  event: EncodedEvent;
  span: Span;
}

/**
 * Writes events through the transactional outbox, fanned out to their
 * deliveries in the same transaction, and enqueues the deliveries after
 * commit: one BullMQ hop to the first attempt. If the enqueue fails (Redis
 * down, process killed) the deliveries are still committed as pending, and
 * the reconciler enqueues them later.
 *
 * Each event has a publish span, a child of the caller's active span (the API
 * request), and each of its delivery jobs carries that span's context.
 */
export class EventPublisher {
  // Standalone events published in the same tick share one insert (one
  // commit) and one bulk enqueue. Each caller still waits for its own commit.
  // Events are encoded before they join a batch, so a refused one fails
  // alone rather than taking its neighbours down with it.
  // A publisher's callers wait for the enqueue too, so more groups may be out at once.
  private readonly publisher = new Batcher(
    async (outgoing: Outgoing[]) => {
      const appended = await insertEvents(
        this.pool,
        outgoing.map((o) => o.event),
      );
      const enqueued = await this.enqueue(outgoing, appended.deliveries);
      const counts = countByEvent(appended.deliveries);
      return appended.events.map((stored) => ({
        stored,
        deliveries: counts.get(stored.id) ?? 0,
        enqueued,
      }));
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
    const outgoing: Outgoing[] = [];
    const deliveries: QueuedDelivery[] = [];
    let result: T;
    try {
      result = await withTransaction(this.pool, (tx) =>
        work(tx, async (event) => {
          const encoded = encodeEvent(event, this.encodeEnvelope);
          outgoing.push({ event: encoded, span: startPublishSpan(encoded) });
          const appended = await insertEvents(tx, [encoded]);
          deliveries.push(...appended.deliveries);
          return appended.events[0]!;
        }),
      );
    } catch (error) {
      for (const { span } of outgoing) endPublishSpan(span, { deliveries: 0, error });
      throw error;
    }
    const enqueued = await this.enqueue(outgoing, deliveries);
    const counts = countByEvent(deliveries);
    for (const { event, span } of outgoing) {
      endPublishSpan(span, { deliveries: counts.get(event.id) ?? 0, enqueued });
    }
    return result;
  }

  /** Publish one event on its own; resolves once it is committed. */
  async publish(event: NewEvent): Promise<StoredEvent> {
    const encoded = encodeEvent(event, this.encodeEnvelope);
    const span = startPublishSpan(encoded);
    try {
      const published = await this.publisher.call({ event: encoded, span });
      endPublishSpan(span, published);
      return published.stored;
    } catch (error) {
      endPublishSpan(span, { deliveries: 0, error });
      throw error;
    }
  }

  /** Enqueue the deliveries after commit, each job carrying its event's publish span. */
  private async enqueue(outgoing: Outgoing[], deliveries: QueuedDelivery[]): Promise<boolean> {
    if (deliveries.length === 0) return true;
    const carriers = new Map(outgoing.map(({ event, span }) => [event.id, spanCarrier(span)]));
    return this.queues.afterCommit({ deliveries: deliveries.length }, () =>
      this.queues.enqueueDeliveries(
        deliveries.map((d) => ({ ...d, trace: carriers.get(d.eventId) })),
      ),
    );
  }
}

function countByEvent(deliveries: QueuedDelivery[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deliveries) counts.set(d.eventId, (counts.get(d.eventId) ?? 0) + 1);
  return counts;
}
