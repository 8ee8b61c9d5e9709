import { newId, type Queryable } from '@referral/db';

/** A new event as the engine sees it: whose it is and its type; `data` it never reads. */
export interface NewEvent {
  tenantId: string;
  type: string;
  data: unknown;
  /** Deliver to this subscription only (test events), whatever its filter. */
  targetSubscriptionId?: string;
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
  };
}

/** Append events to the outbox in one statement, inside the caller's transaction (or as one autocommit). */
export async function insertEvents(db: Queryable, events: EncodedEvent[]): Promise<StoredEvent[]> {
  await db.query({
    name: 'webhooks.append-events',
    text: `INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, created_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
    values: [
      events.map((e) => e.id),
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.payload),
      events.map((e) => e.targetSubscriptionId ?? null),
      events.map((e) => e.createdAt),
    ],
  });
  return events.map(({ id, type, createdAt, payload }) => ({ id, type, createdAt, payload }));
}

export async function appendEvent(
  db: Queryable,
  encodeEnvelope: EnvelopeEncoder,
  event: NewEvent,
): Promise<StoredEvent> {
  const [stored] = await insertEvents(db, [encodeEvent(event, encodeEnvelope)]);
  return stored!;
}
