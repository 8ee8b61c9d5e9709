-- Up Migration

-- A client is a company (a creditor). Its identity on the platform is its
-- country and registration number, normalised: one row per company, however
-- many partners bring it.
CREATE TABLE clients (
  id text PRIMARY KEY,
  country char(2) NOT NULL,
  registration_number text NOT NULL,
  registration_key text NOT NULL,
  company_name text NOT NULL,
  contact_email text NOT NULL,
  contact_name text,
  sdca_signed_at timestamptz,
  sdca_signed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (country, registration_key)
);

-- A partner's link to a client. The fee is the partner's fee when the link
-- was made, frozen: later changes to the partner's fee never apply to it.
CREATE TABLE client_links (
  id text PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id),
  client_id text NOT NULL REFERENCES clients (id),
  external_tenant_id text NOT NULL,
  attribution text NOT NULL CHECK (attribution IN ('attributed', 'non_attributed')),
  fee_percent numeric(5, 2) NOT NULL CHECK (fee_percent >= 0 AND fee_percent <= 100),
  linked_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  UNIQUE (partner_id, client_id),
  UNIQUE (partner_id, external_tenant_id)
);
-- Only the partner that brought a company is attributed for it.
CREATE UNIQUE INDEX client_links_one_attributed ON client_links (client_id)
  WHERE attribution = 'attributed';
CREATE INDEX client_links_client ON client_links (client_id);

-- A partner asking an existing company for a link; the company decides on a
-- hosted page. At most one open request per partner and company.
CREATE TABLE link_requests (
  id text PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id),
  client_id text NOT NULL REFERENCES clients (id),
  external_tenant_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE UNIQUE INDEX link_requests_open ON link_requests (partner_id, client_id)
  WHERE status = 'pending';
CREATE UNIQUE INDEX link_requests_open_external_id ON link_requests (partner_id, external_tenant_id)
  WHERE status = 'pending';
CREATE INDEX link_requests_due ON link_requests (expires_at) WHERE status = 'pending';

-- Onboarding URLs handed to a partner for a client that has not signed yet.
-- The URL's token is derived from the id (HMAC), so no secret is stored.
CREATE TABLE onboarding_sessions (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES clients (id),
  partner_id uuid NOT NULL REFERENCES partners (id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX onboarding_sessions_latest ON onboarding_sessions (client_id, partner_id, created_at DESC);

-- Customer-API bearer tokens: stored as SHA-256 only; short-lived, never refreshed.
CREATE TABLE customer_tokens (
  token_hash bytea PRIMARY KEY,
  client_id text NOT NULL REFERENCES clients (id),
  partner_id uuid NOT NULL REFERENCES partners (id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE customer_tokens;
DROP TABLE onboarding_sessions;
DROP TABLE link_requests;
DROP TABLE client_links;
DROP TABLE clients;
