-- Up Migration

-- A prefixed, time-ordered id: 12 hex digits of epoch milliseconds, then
-- random hex (same shape as newId() in @referral/db), for rows made in SQL.
CREATE FUNCTION prefixed_id(prefix text) RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT prefix || '_'
    || lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
    || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 19)
$$;

-- Tenants of the webhook engine are partners; the domain owns the rest of the partner row.
CREATE TABLE partners (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  api_key_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  url text NOT NULL,
  event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
  description text,
  status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
  disabled_reason text,
  disabled_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, created_at)
  WHERE deleted_at IS NULL;
CREATE INDEX webhook_subscriptions_disabled ON webhook_subscriptions (disabled_at)
  WHERE status = 'disabled' AND deleted_at IS NULL;

-- Signing secrets, AES-256-GCM encrypted (iv || tag || ciphertext). A rotated
-- secret gets an expiry and keeps signing until then.
CREATE TABLE webhook_subscription_secrets (
  id bigserial PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  encrypted bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX webhook_subscription_secrets_subscription
  ON webhook_subscription_secrets (subscription_id);

-- The outbox: the exact JSON body receivers get is stored once, at emit time.
CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  target_subscription_id text REFERENCES webhook_subscriptions (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  fanned_out_at timestamptz
);
CREATE INDEX webhook_events_unfanned ON webhook_events (created_at) WHERE fanned_out_at IS NULL;

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES webhook_events (id),
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  tenant_id uuid NOT NULL,
  status text NOT NULL
    CHECK (status IN ('pending', 'succeeded', 'failed', 'parked', 'cancelled')),
  -- attempt_count counts every attempt ever; round_attempts restarts at 0 when a
  -- delivery is redelivered and drives the retry policy.
  attempt_count integer NOT NULL DEFAULT 0,
  round_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id),
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

-- Down Migration
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_subscription_secrets;
DROP TABLE webhook_subscriptions;
DROP TABLE partners;
DROP FUNCTION prefixed_id(text);
