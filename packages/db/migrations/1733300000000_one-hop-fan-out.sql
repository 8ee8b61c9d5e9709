-- Up Migration

-- One hop to the first attempt: an event's deliveries are now written in the
-- transaction that writes the event. Fan out what the previous engine left
-- unfanned (those deliveries are pending and overdue, so the reconciler
-- enqueues them), then drop the marker nothing reads any more.
INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status, next_attempt_at)
SELECT prefixed_id('dlv'), e.id, s.id, s.tenant_id,
       CASE WHEN s.status = 'enabled' THEN 'pending' ELSE 'parked' END,
       CASE WHEN s.status = 'enabled' THEN now() END
FROM webhook_events e JOIN webhook_subscriptions s
  ON s.tenant_id = e.tenant_id AND s.deleted_at IS NULL
 AND CASE WHEN e.target_subscription_id IS NULL
          THEN s.event_types && ARRAY[e.type, '*']
          ELSE s.id = e.target_subscription_id END
WHERE e.fanned_out_at IS NULL
ORDER BY e.id, s.id
ON CONFLICT (event_id, subscription_id) DO NOTHING;

DROP INDEX webhook_events_unfanned;
ALTER TABLE webhook_events DROP COLUMN fanned_out_at;

-- Down Migration
ALTER TABLE webhook_events ADD COLUMN fanned_out_at timestamptz;
UPDATE webhook_events SET fanned_out_at = created_at;
CREATE INDEX webhook_events_unfanned ON webhook_events (created_at) WHERE fanned_out_at IS NULL;
