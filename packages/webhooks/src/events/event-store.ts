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
 * Append an event to the outbox inside the caller's transaction. The envelope
 * is serialised once, here, and never re-serialised: what is stored is what is
 * signed and sent.
 */
export async function appendEvent(tx: Queryable, event: NewEvent): Promise<StoredEvent> {
  const id = newId('evt');
  const createdAt = new Date();
  const payload = JSON.stringify({
    id,
    type: event.type,
    createdAt: createdAt.toISOString(),
    data: event.data,
  });
  await tx.query(
    `INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, event.tenantId, event.type, payload, event.targetSubscriptionId ?? null, createdAt],
  );
  return { id, type: event.type, createdAt: createdAt.toISOString(), payload };
}
