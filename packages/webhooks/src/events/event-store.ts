import { newId, type Queryable } from '@referral/db';

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
 * Append events to the outbox in one statement, inside the caller's
 * transaction (or as one autocommit). The envelope is serialised once, here,
 * and never re-serialised: what is stored is what is signed and sent.
 */
export async function appendEvents(db: Queryable, events: NewEvent[]): Promise<StoredEvent[]> {
  const createdAt = new Date();
  const stored = events.map((event) => {
    const id = newId('evt');
    const payload = JSON.stringify({
      id,
      type: event.type,
      createdAt: createdAt.toISOString(),
      data: event.data,
    });
    return { id, type: event.type, createdAt: createdAt.toISOString(), payload };
  });
  await db.query({
    name: 'webhooks.append-events',
    text: `INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, created_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[]),
       LATERAL (SELECT $6::timestamptz) AS t`,
    values: [
      stored.map((e) => e.id),
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      stored.map((e) => e.payload),
      events.map((e) => e.targetSubscriptionId ?? null),
      createdAt,
    ],
  });
  return stored;
}

export async function appendEvent(db: Queryable, event: NewEvent): Promise<StoredEvent> {
  const [stored] = await appendEvents(db, [event]);
  return stored!;
}
