import { newId, type Queryable } from '@referral/db';

/** A new event as the engine sees it: whose it is and its type; `data` it never reads. */
export interface NewEvent {
  tenantId: string;
  type: string;
  data: unknown;
  /** Deliver to this subscription only (test events), whatever its filter. */
  targetSubscriptionId?: string;
  /**
   * Never deliver to this subscription (an operational event about it), so a
   * failing endpoint does not feed on reports of its own failures.
   */
  excludeSubscriptionId?: string;
}

export interface StoredEvent {
  id: string;
  type: string;
  createdAt: string;
  /** The exact JSON body receivers get, signed byte for byte. */
  payload: string;
}

/**
 * Builds the body receivers get from the id and time the outbox gives an
 * event, and throws for an event its catalogue does not allow. The engine
 * knows no catalogue: whoever owns one supplies this.
 */
export type EnvelopeEncoder = (fields: {
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}) => string;

/** A new event with its id, time and body: what one outbox row holds. */
export interface EncodedEvent extends StoredEvent {
  tenantId: string;
  targetSubscriptionId?: string;
  excludeSubscriptionId?: string;
}

/**
 * Give a new event its id and time and build its body, once: what is stored
 * is what is signed and sent, never re-serialised. Throws (before anything is
 * written) if the encoder refuses the event.
 */
export function encodeEvent(event: NewEvent, encodeEnvelope: EnvelopeEncoder): EncodedEvent {
  const id = newId('evt');
  const createdAt = new Date().toISOString();
  const payload = encodeEnvelope({ id, type: event.type, createdAt, data: event.data });
  return {
    id,
    type: event.type,
    createdAt,
    payload,
    tenantId: event.tenantId,
    targetSubscriptionId: event.targetSubscriptionId,
    excludeSubscriptionId: event.excludeSubscriptionId,
  };
}

/** A delivery to make: ids only, the row is the truth. */
export interface QueuedDelivery {
  id: string;
  subscriptionId: string;
  /** Its event, whose publish span the delivery's job continues. */
  eventId: string;
}

/** What an append wrote: the events, and the deliveries to enqueue once it commits. */
export interface AppendedEvents {
  events: StoredEvent[];
  /** Pending deliveries (subscriptions that are enabled), in event then subscription order. */
  deliveries: QueuedDelivery[];
}

/**
 * Append events to the outbox and fan them out in the same statement: one
 * delivery row per subscription of the event's tenant whose types match (or
 * the event's target), `parked` for a disabled subscription. Runs inside the
 * caller's transaction (or as one autocommit), so an event never exists
 * without its deliveries; after commit only the enqueue is left, and the
 * reconciler does it if the process dies first. A delivery's id carries its
 * event's time, so both fall in the same time partition.
 */
export async function insertEvents(db: Queryable, events: EncodedEvent[]): Promise<AppendedEvents> {
  const { rows } = await db.query<QueuedDelivery>({
    name: 'webhooks.append-events',
    text: `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                            $6::timestamptz[], $7::text[])
         AS t(id, tenant_id, type, payload, target_subscription_id, created_at, exclude_subscription_id)
     ), event AS (
       INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, created_at)
       SELECT id, tenant_id, type, payload, target_subscription_id, created_at FROM input
       RETURNING id, tenant_id, type, target_subscription_id
     ), fanned AS (
       INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status, next_attempt_at)
       SELECT prefixed_id_at('dlv', event.id), event.id, s.id, s.tenant_id,
              CASE WHEN s.status = 'enabled' THEN 'pending' ELSE 'parked' END,
              CASE WHEN s.status = 'enabled' THEN now() END
       FROM event JOIN input USING (id) JOIN webhook_subscriptions s
         ON s.tenant_id = event.tenant_id AND s.deleted_at IS NULL
        AND CASE WHEN event.target_subscription_id IS NULL
                 THEN s.event_types && ARRAY[event.type, '*']
                 ELSE s.id = event.target_subscription_id END
        AND s.id IS DISTINCT FROM input.exclude_subscription_id
       ORDER BY event.id, s.id
       RETURNING id, subscription_id, event_id, status
     )
     SELECT id, subscription_id AS "subscriptionId", event_id AS "eventId"
     FROM fanned WHERE status = 'pending' ORDER BY id`,
    values: [
      events.map((e) => e.id),
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.payload),
      events.map((e) => e.targetSubscriptionId ?? null),
      events.map((e) => e.createdAt),
      events.map((e) => e.excludeSubscriptionId ?? null),
    ],
  });
  return {
    events: events.map(({ id, type, createdAt, payload }) => ({ id, type, createdAt, payload })),
    deliveries: rows,
  };
}

/** Append one event (and its deliveries) inside the caller's transaction; enqueueing is the caller's. */
export async function appendEvent(
  db: Queryable,
  encodeEnvelope: EnvelopeEncoder,
  event: NewEvent,
): Promise<AppendedEvents> {
  return insertEvents(db, [encodeEvent(event, encodeEnvelope)]);
}
