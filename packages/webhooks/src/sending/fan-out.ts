import type { Queryable } from '@referral/db';

/**
 * Create one delivery per matching subscription of each event's tenant and
 * return, per event, the delivery ids to enqueue. Idempotent: a second run
 * inserts nothing new and returns the deliveries still pending, so a crash
 * between this commit and the enqueue loses nothing. Disabled subscriptions
 * get `parked` deliveries.
 */
export async function fanOut(db: Queryable, eventIds: string[]): Promise<string[][]> {
  const { rows } = await db.query<{ id: string; event_id: string }>({
    name: 'webhooks.fan-out',
    text: `WITH event AS (
       SELECT id, tenant_id, type, target_subscription_id, fanned_out_at
       FROM webhook_events WHERE id = ANY($1)
     ), inserted AS (
       INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status, next_attempt_at)
       SELECT prefixed_id('dlv'), event.id, s.id, s.tenant_id,
              CASE WHEN s.status = 'enabled' THEN 'pending' ELSE 'parked' END, now()
       FROM event JOIN webhook_subscriptions s
         ON s.tenant_id = event.tenant_id AND s.deleted_at IS NULL
        AND CASE WHEN event.target_subscription_id IS NULL
                 THEN s.event_types && ARRAY[event.type, '*']
                 ELSE s.id = event.target_subscription_id END
       ORDER BY event.id, s.id
       ON CONFLICT (event_id, subscription_id) DO NOTHING
       RETURNING id, event_id, status
     ), marked AS (
       UPDATE webhook_events e SET fanned_out_at = now()
       FROM event WHERE e.id = event.id AND event.fanned_out_at IS NULL
     )
     SELECT id, event_id FROM inserted WHERE status = 'pending'
     UNION ALL
     SELECT d.id, d.event_id FROM event JOIN webhook_deliveries d ON d.event_id = event.id
     WHERE event.fanned_out_at IS NOT NULL AND d.status = 'pending'`,
    values: [eventIds],
  });
  const byEvent = new Map<string, string[]>(eventIds.map((id) => [id, []]));
  for (const row of rows) byEvent.get(row.event_id)?.push(row.id);
  return eventIds.map((id) => byEvent.get(id)!);
}
