-- Up Migration

-- The dispatcher's parked-deliveries gauge counts them at every scrape. The
-- unsuccessful index leads with the tenant and holds failed deliveries too
-- (kept 90 days), so counting parked ones through it reads every failed one;
-- this index holds parked deliveries alone, few and short-lived until replay.
CREATE INDEX webhook_deliveries_parked ON webhook_deliveries (id) WHERE status = 'parked';

-- Down Migration
DROP INDEX webhook_deliveries_parked;
