-- Up Migration

-- Events, deliveries and attempts partitioned by time, so that retention
-- drops whole partitions instead of deleting rows (docs/architecture.md,
-- "Storage"). Two levels:
--
--   webhook_deliveries            LIST (kept)
--     webhook_deliveries_short    kept = false, RANGE (id), one partition a week
--     webhook_deliveries_kept     kept = true,  RANGE (id), one partition per 4 weeks
--
-- and the same for webhook_events (RANGE on id) and webhook_attempts (RANGE
-- on delivery_id). Ids are time-ordered (`evt_`/`dlv_` + 12 hex digits of
-- epoch milliseconds + random), so a range of ids is a range of time and a
-- lookup by id reads one partition of each branch. Every row starts short.
-- The retention job (PartitionRetention of @referral/webhooks) moves the rows
-- of deliveries that ended failed or parked, with their attempts and event,
-- to the kept branch when their short partition passes the succeeded
-- horizon, then drops that partition; a kept partition is dropped at the
-- failed horizon.
--
-- A delivery's id carries its event's millisecond (prefixed_id_at), and
-- attempts are partitioned by their delivery's id: an event, its deliveries
-- and their attempts always share a period. That is what lets a period's
-- partitions of the three tables go together, and it replaces the foreign
-- keys between them, which partitions that are dropped cannot keep.

-- The time in a time-ordered id, or null if it has none.
CREATE FUNCTION webhook_id_time(id text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT to_timestamp(('x' || lpad(substring(id FROM '_([0-9a-f]{12})'), 16, '0'))::bit(64)::bigint / 1000.0)
$$;

-- The smallest id of `prefix` at `at`: a partition bound.
CREATE FUNCTION webhook_id_bound(prefix text, at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT prefix || '_' || lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0')
$$;

-- A new id of `prefix` in the same millisecond as the id `same_time_as`:
-- a delivery's id takes its event's time, so both fall in the same period.
CREATE FUNCTION prefixed_id_at(prefix text, same_time_as text) RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT prefix || '_' || substring(same_time_as FROM '_([0-9a-f]{12})')
    || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 19)
$$;

-- Where the period of a branch holding `at` starts: weeks (short) or 4 weeks
-- (kept) from Monday 1970-01-05 00:00 UTC, in seconds (no time zone, no DST).
CREATE FUNCTION webhook_period_start(kept boolean, at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT to_timestamp(345600 + p * floor((extract(epoch FROM at) - 345600) / p))
  FROM (SELECT CASE WHEN kept THEN 28 ELSE 7 END * 86400 AS p) period
$$;

-- 1. Refuse rows that no partition can hold: ids without a time in them
--    (hand-made ids such as `evt_test_1`), or with a time past the
--    partitions this migration creates.
DO $$
DECLARE
  bad record;
BEGIN
  FOR bad IN
    SELECT 'webhook_events' AS t, count(*) AS n, min(id) AS example FROM webhook_events
    WHERE id !~ '^evt_[0-9a-f]{32}$' OR webhook_id_time(id) > now() + interval '14 days'
    UNION ALL
    SELECT 'webhook_deliveries', count(*), min(id) FROM webhook_deliveries
    WHERE id !~ '^dlv_[0-9a-f]{32}$' OR webhook_id_time(id) > now() + interval '14 days'
  LOOP
    IF bad.n > 0 THEN
      RAISE EXCEPTION '% holds % rows whose ids are not time-ordered (e.g. %)', bad.t, bad.n, bad.example
        USING HINT = 'The webhook tables are partitioned by the time in their ids '
          '(newId of @referral/db, prefixed_id in SQL): 12 hex digits of epoch milliseconds '
          'after the prefix, no later than two weeks from now. Give those rows such ids '
          '(and their deliveries and attempts the matching references), or delete them, '
          'then migrate again.';
    END IF;
  END LOOP;
END
$$;

-- 2. The old tables step aside (their index names are taken by the new ones).
ALTER TABLE webhook_attempts RENAME TO webhook_attempts_v1;
ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_v1;
ALTER TABLE webhook_events RENAME TO webhook_events_v1;
ALTER INDEX webhook_events_pkey RENAME TO webhook_events_v1_pkey;
ALTER INDEX webhook_deliveries_pkey RENAME TO webhook_deliveries_v1_pkey;
ALTER INDEX webhook_deliveries_subscription RENAME TO webhook_deliveries_v1_subscription;
ALTER INDEX webhook_deliveries_due RENAME TO webhook_deliveries_v1_due;
ALTER INDEX webhook_attempts_pkey RENAME TO webhook_attempts_v1_pkey;

-- 3. The partitioned tables. No foreign keys: between the three, a partition
--    that is dropped could not keep them; to webhook_subscriptions, creating
--    each partition would lock that table (SHARE ROW EXCLUSIVE, which waits
--    for and blocks every subscription update, the hot path's failure counts
--    included) and every insert would check it. Deliveries are only made by
--    the fan-out, which joins webhook_subscriptions, and subscriptions are
--    never deleted (deleted_at). Ids compare byte by byte (COLLATE "C"):
--    the partition bounds mean the same whatever the database's collation.
--    Columns are ordered widest alignment first, which saves padding.
--    A primary key must hold the partition keys; `kept` only tells which
--    branch a row is in, so an id is still unique.
CREATE TABLE webhook_events (
  created_at timestamptz NOT NULL DEFAULT now(),
  tenant_id uuid NOT NULL,
  kept boolean NOT NULL DEFAULT false,
  id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  target_subscription_id text,
  -- The exact JSON body receivers get, stored once at emit time.
  payload text NOT NULL,
  PRIMARY KEY (id, kept)
) PARTITION BY LIST (kept);
CREATE TABLE webhook_events_short PARTITION OF webhook_events
  FOR VALUES IN (false) PARTITION BY RANGE (id);
CREATE TABLE webhook_events_kept PARTITION OF webhook_events
  FOR VALUES IN (true) PARTITION BY RANGE (id);

-- No unique (event_id, subscription_id) any more: it cannot span partitions,
-- and a delivery is only ever inserted by the statement that inserts its
-- event, once per matching subscription. Its index was 106 of 498 bytes of
-- a delivery (test/bench storage).
CREATE TABLE webhook_deliveries (
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  -- attempt_count counts every attempt ever; round_attempts restarts at 0 when a
  -- delivery is redelivered and drives the retry policy.
  attempt_count integer NOT NULL DEFAULT 0,
  round_attempts integer NOT NULL DEFAULT 0,
  tenant_id uuid NOT NULL,
  kept boolean NOT NULL DEFAULT false,
  id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  subscription_id text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('pending', 'succeeded', 'failed', 'parked', 'cancelled')),
  PRIMARY KEY (id, kept)
) PARTITION BY LIST (kept);
CREATE TABLE webhook_deliveries_short PARTITION OF webhook_deliveries
  FOR VALUES IN (false) PARTITION BY RANGE (id);
CREATE TABLE webhook_deliveries_kept PARTITION OF webhook_deliveries
  FOR VALUES IN (true) PARTITION BY RANGE (id);
-- A subscription's deliveries, newest first, are read in id order (ids are
-- creation order). Every partition answers a list, so each must find its
-- first row at once: through (subscription_id, created_at, id) a partition
-- holding none of a new subscription's deliveries was read whole (a 100-row
-- list took 100 ms over 200,000 deliveries in 19 partitions; now 0.3 ms).
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- The rows retention keeps longer, found without reading a whole partition;
-- also a tenant's failed or parked deliveries, newest first (the dashboard's
-- log filtered by status, its parked counts). Small: healthy deliveries are
-- not in it.
CREATE INDEX webhook_deliveries_unsuccessful ON webhook_deliveries (tenant_id, status, id)
  WHERE status IN ('failed', 'parked');

-- The attempt's own serial id is gone: (delivery, number) identifies it.
CREATE TABLE webhook_attempts (
  started_at timestamptz NOT NULL,
  attempt_number integer NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  succeeded boolean NOT NULL,
  kept boolean NOT NULL DEFAULT false,
  delivery_id text COLLATE "C" NOT NULL,
  error_kind text,
  error_message text,
  response_body text,
  -- What was sent, kept for failed attempts only: the receiver refused those,
  -- and their signature and timestamp are what one debugs. About 240 bytes
  -- of JSON, half an attempt's row (test/bench storage).
  request_headers jsonb,
  PRIMARY KEY (delivery_id, attempt_number, kept)
) PARTITION BY LIST (kept);
CREATE TABLE webhook_attempts_short PARTITION OF webhook_attempts
  FOR VALUES IN (false) PARTITION BY RANGE (delivery_id);
CREATE TABLE webhook_attempts_kept PARTITION OF webhook_attempts
  FOR VALUES IN (true) PARTITION BY RANGE (delivery_id);

-- Every partition of the three tables, with its branch and its time range
-- (from_at is null for the first, which has no lower bound).
CREATE VIEW webhook_partitions AS
SELECT root.relname::text AS table_name,
       branch.relname::text = root.relname || '_kept' AS kept,
       leaf.oid::regclass AS partition,
       webhook_id_time(substring(pg_get_expr(leaf.relpartbound, leaf.oid)
                                 FROM $re$FROM \('([a-z]+_[0-9a-f]{12})'\)$re$)) AS from_at,
       webhook_id_time(substring(pg_get_expr(leaf.relpartbound, leaf.oid)
                                 FROM $re$TO \('([a-z]+_[0-9a-f]{12})'\)$re$)) AS to_at
FROM pg_class root
JOIN pg_inherits ib ON ib.inhparent = root.oid
JOIN pg_class branch ON branch.oid = ib.inhrelid
JOIN pg_inherits il ON il.inhparent = branch.oid
JOIN pg_class leaf ON leaf.oid = il.inhrelid
WHERE root.oid IN ('webhook_events'::regclass, 'webhook_deliveries'::regclass,
                   'webhook_attempts'::regclass);

-- The six branches: the partitioned tables whose partitions are periods.
CREATE VIEW webhook_partition_branches AS
SELECT root.relname::text AS table_name, branch.oid::regclass AS branch,
       branch.relname::text = root.relname || '_kept' AS kept
FROM pg_class root
JOIN pg_inherits ib ON ib.inhparent = root.oid
JOIN pg_class branch ON branch.oid = ib.inhrelid
WHERE root.oid IN ('webhook_events'::regclass, 'webhook_deliveries'::regclass,
                   'webhook_attempts'::regclass);

-- Create the partitions of one branch missing up to two weeks after `at`,
-- continuing from its last partition (or from the period holding `at`).
-- A partition is first analyzed at 1,000 rows, not 50: the hot path's plans
-- are generic and cached, and statistics of a partition a few rows old made
-- them read it sequentially for every id looked up, long after it had grown
-- (a never-analyzed partition is planned as 10 pages: index lookups).
-- Creating a partition locks its branch (ACCESS EXCLUSIVE), so the job runs
-- one branch per transaction (ensureTimePartitions of @referral/db): a
-- transaction holding two branches could wait in a cycle with a statement
-- that reads both. Creates nothing when all are there.
CREATE FUNCTION webhook_ensure_partitions(at timestamptz, branch regclass) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  until timestamptz := to_timestamp(extract(epoch FROM at) + 14 * 86400);
  target webhook_partition_branches%ROWTYPE;
  prefix text;
  created integer := 0;
  start timestamptz;
  stop timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(2003328880); -- "wh_p": one creator at a time
  SELECT * INTO STRICT target FROM webhook_partition_branches b WHERE b.branch = $2;
  prefix := CASE target.table_name WHEN 'webhook_events' THEN 'evt' ELSE 'dlv' END;
  SELECT max(p.to_at) INTO start FROM webhook_partitions p
  WHERE p.table_name = target.table_name AND p.kept = target.kept;
  start := coalesce(start, webhook_period_start(target.kept, at));
  WHILE start < until LOOP
    stop := to_timestamp(extract(epoch FROM start) + CASE WHEN target.kept THEN 28 ELSE 7 END * 86400);
    EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L) '
                   'WITH (autovacuum_analyze_threshold = 1000)',
                   format('%s_%s', target.branch, to_char(start AT TIME ZONE 'UTC', 'YYYYMMDD')),
                   target.branch, webhook_id_bound(prefix, start), webhook_id_bound(prefix, stop));
    created := created + 1;
    start := stop;
  END LOOP;
  RETURN created;
END
$$;

-- Every branch at once, in one transaction: for this migration and tests.
CREATE FUNCTION webhook_ensure_partitions(at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE sql AS $$
  SELECT coalesce(sum(webhook_ensure_partitions(at, b.branch)), 0)::integer
  FROM webhook_partition_branches b
$$;

-- 4. The partitions: everything before the current 4-week period in one
--    "legacy" partition per branch (retired like any other once its end
--    passes a horizon), then the periods from there to two weeks ahead.
DO $$
DECLARE
  cut timestamptz := webhook_period_start(true, now());
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('webhook_events', 'evt'), ('webhook_deliveries', 'dlv'),
                                 ('webhook_attempts', 'dlv')) AS x(name, prefix) LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (MINVALUE) TO (%L)',
                   t.name || '_short_legacy', t.name || '_short', webhook_id_bound(t.prefix, cut));
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (MINVALUE) TO (%L)',
                   t.name || '_kept_legacy', t.name || '_kept', webhook_id_bound(t.prefix, cut));
  END LOOP;
END
$$;
SELECT webhook_ensure_partitions();

-- 5. The rows move over, all short: retention sorts them out like new ones.
INSERT INTO webhook_events (id, tenant_id, type, payload, target_subscription_id, created_at)
SELECT id, tenant_id, type, payload, target_subscription_id, created_at FROM webhook_events_v1;
INSERT INTO webhook_deliveries (id, event_id, subscription_id, tenant_id, status, attempt_count,
  round_attempts, next_attempt_at, last_attempt_at, created_at, updated_at)
SELECT id, event_id, subscription_id, tenant_id, status, attempt_count, round_attempts,
       next_attempt_at, last_attempt_at, created_at, updated_at
FROM webhook_deliveries_v1;
INSERT INTO webhook_attempts (delivery_id, attempt_number, started_at, duration_ms, succeeded,
  status_code, error_kind, error_message, response_body, request_headers)
SELECT delivery_id, attempt_number, started_at, duration_ms, succeeded, status_code, error_kind,
       error_message, response_body, request_headers
FROM webhook_attempts_v1;

-- 6. Deliveries made before prefixed_id_at took their own time, a moment
--    after their event's; the few that landed in a later period than their
--    event take their event's time instead (same random part), with their
--    attempts. A pending one's queued job then finds no row and ends; the
--    reconciler enqueues it again under its new id once it is due.
CREATE TEMPORARY TABLE webhook_renamed_deliveries ON COMMIT DROP AS
SELECT d.id AS old_id, 'dlv_' || substr(d.event_id, 5, 12) || substr(d.id, 17) AS new_id
FROM webhook_deliveries d
JOIN webhook_events e ON e.id = d.event_id
JOIN webhook_partitions dp ON dp.partition = d.tableoid::regclass
JOIN webhook_partitions ep ON ep.partition = e.tableoid::regclass
WHERE dp.to_at <> ep.to_at;
UPDATE webhook_attempts a SET delivery_id = r.new_id
FROM webhook_renamed_deliveries r WHERE a.delivery_id = r.old_id;
UPDATE webhook_deliveries d SET id = r.new_id
FROM webhook_renamed_deliveries r WHERE d.id = r.old_id;

DROP TABLE webhook_attempts_v1;
DROP TABLE webhook_deliveries_v1;
DROP TABLE webhook_events_v1;

-- Down Migration

CREATE TABLE webhook_events_v1 (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  target_subscription_id text REFERENCES webhook_subscriptions (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO webhook_events_v1 (id, tenant_id, type, payload, target_subscription_id, created_at)
SELECT id, tenant_id, type, payload, target_subscription_id, created_at FROM webhook_events;

CREATE TABLE webhook_deliveries_v1 (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES webhook_events_v1 (id),
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  tenant_id uuid NOT NULL,
  status text NOT NULL
    CHECK (status IN ('pending', 'succeeded', 'failed', 'parked', 'cancelled')),
  attempt_count integer NOT NULL DEFAULT 0,
  round_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, subscription_id)
);
INSERT INTO webhook_deliveries_v1 (id, event_id, subscription_id, tenant_id, status, attempt_count,
  round_attempts, next_attempt_at, last_attempt_at, created_at, updated_at)
SELECT id, event_id, subscription_id, tenant_id, status, attempt_count, round_attempts,
       next_attempt_at, last_attempt_at, created_at, updated_at
FROM webhook_deliveries;

CREATE TABLE webhook_attempts_v1 (
  id bigserial PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES webhook_deliveries_v1 (id),
  attempt_number integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  succeeded boolean NOT NULL,
  status_code integer,
  error_kind text,
  error_message text,
  response_body text,
  request_headers jsonb NOT NULL,
  UNIQUE (delivery_id, attempt_number)
);
-- Successful attempts since the up migration kept no headers: '{}'.
INSERT INTO webhook_attempts_v1 (delivery_id, attempt_number, started_at, duration_ms, succeeded,
  status_code, error_kind, error_message, response_body, request_headers)
SELECT delivery_id, attempt_number, started_at, duration_ms, succeeded, status_code, error_kind,
       error_message, response_body, coalesce(request_headers, '{}')
FROM webhook_attempts ORDER BY started_at, delivery_id, attempt_number;

DROP FUNCTION webhook_ensure_partitions(timestamptz);
DROP FUNCTION webhook_ensure_partitions(timestamptz, regclass);
DROP VIEW webhook_partition_branches;
DROP VIEW webhook_partitions;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP FUNCTION webhook_period_start(boolean, timestamptz);
DROP FUNCTION prefixed_id_at(text, text);
DROP FUNCTION webhook_id_bound(text, timestamptz);
DROP FUNCTION webhook_id_time(text);

ALTER TABLE webhook_events_v1 RENAME TO webhook_events;
ALTER TABLE webhook_deliveries_v1 RENAME TO webhook_deliveries;
ALTER TABLE webhook_attempts_v1 RENAME TO webhook_attempts;
ALTER INDEX webhook_events_v1_pkey RENAME TO webhook_events_pkey;
ALTER INDEX webhook_deliveries_v1_pkey RENAME TO webhook_deliveries_pkey;
ALTER INDEX webhook_deliveries_v1_event_id_subscription_id_key
  RENAME TO webhook_deliveries_event_id_subscription_id_key;
ALTER INDEX webhook_attempts_v1_pkey RENAME TO webhook_attempts_pkey;
ALTER INDEX webhook_attempts_v1_delivery_id_attempt_number_key
  RENAME TO webhook_attempts_delivery_id_attempt_number_key;
ALTER SEQUENCE webhook_attempts_v1_id_seq RENAME TO webhook_attempts_id_seq;
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
