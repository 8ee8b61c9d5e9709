-- Up Migration

-- Collection agencies cases are routed to. The platform's revenue on a
-- payment is the agency's commission rate times the amount.
CREATE TABLE collection_partners (
  id text PRIMARY KEY,
  name text NOT NULL,
  commission_percent numeric(5, 2) NOT NULL CHECK (commission_percent > 0 AND commission_percent <= 100)
);

-- The routing table: one collection partner per debtor country. A country
-- with no row has no partner, and its cases stay pending.
CREATE TABLE collection_routes (
  country char(2) PRIMARY KEY,
  collection_partner_id text NOT NULL REFERENCES collection_partners (id)
);

INSERT INTO collection_partners (id, name, commission_percent) VALUES
  ('cp_nordinkasso', 'Nord Inkasso GmbH', 15.00),
  ('cp_alpen', 'Alpen Inkasso GmbH', 18.00),
  ('cp_lowlands', 'Lowlands Incasso B.V.', 16.50),
  ('cp_thames', 'Thames Recoveries Ltd', 20.00),
  ('cp_hexagone', 'Hexagone Recouvrement SAS', 17.00),
  ('cp_iberia', 'Iberia Cobros S.L.', 19.00),
  ('cp_norden', 'Norden Inkasso AB', 14.00),
  ('cp_liberty', 'Liberty Collections LLC', 22.00);

INSERT INTO collection_routes (country, collection_partner_id) VALUES
  ('DE', 'cp_nordinkasso'), ('AT', 'cp_alpen'), ('CH', 'cp_alpen'),
  ('NL', 'cp_lowlands'), ('BE', 'cp_lowlands'), ('GB', 'cp_thames'), ('IE', 'cp_thames'),
  ('FR', 'cp_hexagone'), ('ES', 'cp_iberia'), ('PT', 'cp_iberia'),
  ('SE', 'cp_norden'), ('DK', 'cp_norden'), ('NO', 'cp_norden'), ('US', 'cp_liberty');

-- The platform verifies a company's identity (KYC) itself; until it has, no
-- case can be created for the company, whatever the caller asks.
ALTER TABLE clients ADD COLUMN kyc_verified_at timestamptz;

-- Powers of attorney and JPAs are signed per debtor jurisdiction; the SDCA,
-- signed once, is on clients.
CREATE TABLE client_contracts (
  client_id text NOT NULL REFERENCES clients (id),
  contract_type text NOT NULL CHECK (contract_type IN ('power_of_attorney', 'jpa')),
  country char(2) NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  signed_by text NOT NULL,
  PRIMARY KEY (client_id, contract_type, country)
);

-- Signing URLs handed out with 422 contract_required. Like onboarding URLs,
-- the token is an HMAC of the id; what is missing is worked out on each view.
CREATE TABLE contract_signing_sessions (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES clients (id),
  -- The partner whose branding the page wears; null when the client acted on its own.
  partner_id uuid REFERENCES partners (id),
  country char(2) NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contract_signing_sessions_latest
  ON contract_signing_sessions (client_id, country, created_at DESC);

-- Exchange rates to US dollars, loaded from a file (packages/domain/data/fx-rates.csv).
CREATE TABLE fx_rates (
  currency char(3) PRIMARY KEY,
  -- Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.
  minor_units smallint NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
  usd_per_unit numeric(20, 10) NOT NULL CHECK (usd_per_unit > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- An amount in minor units of a currency, in US cents at today's rate,
-- rounded half away from zero. The one place money is converted.
CREATE FUNCTION usd_minor(amount_minor bigint, currency_code char(3)) RETURNS bigint
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT round(amount_minor * r.usd_per_unit * 100 / (10 ^ r.minor_units)::numeric)::bigint
    FROM fx_rates r WHERE r.currency = currency_code
  $$;

-- References are DEB-<number>: unique and increasing. A rolled-back insert
-- leaves a gap, as any sequence does.
CREATE SEQUENCE case_number_seq START 10001;

CREATE TABLE cases (
  id text PRIMARY KEY,
  reference text NOT NULL UNIQUE DEFAULT 'DEB-' || nextval('case_number_seq'),
  client_id text NOT NULL REFERENCES clients (id),
  source text NOT NULL
    CHECK (source IN ('partner_api', 'web_app', 'csv_import', 'client_api_key', 'integration')),
  -- The partner whose customer-API token created the case (attribution rule 3).
  source_partner_id uuid REFERENCES partners (id),
  debtor_name text NOT NULL,
  debtor_type text NOT NULL CHECK (debtor_type IN ('person', 'company')),
  debtor_country char(2) NOT NULL,
  debtor_email text,
  debtor_address jsonb,
  invoice_number text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL REFERENCES fx_rates (currency),
  issue_date date NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'closed')),
  milestone text NOT NULL
    CHECK (milestone IN ('created', 'collection_started', 'in_collection', 'resolved')),
  pending_reason text CHECK (pending_reason IN ('contracts_missing', 'no_collection_partner')),
  collection_partner_id text REFERENCES collection_partners (id),
  -- The collection partner's rate when the case was routed; later changes never apply.
  commission_percent numeric(5, 2),
  -- When collection started (the case first became active); payments need it.
  started_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'partner_api') = (source_partner_id IS NOT NULL)),
  CHECK (debtor_email IS NOT NULL OR debtor_address IS NOT NULL),
  CHECK ((status = 'pending') = (pending_reason IS NOT NULL)),
  CHECK ((collection_partner_id IS NULL) = (commission_percent IS NULL)),
  CHECK (status IN ('pending', 'closed') OR started_at IS NOT NULL),
  CHECK (started_at IS NULL OR collection_partner_id IS NOT NULL),
  -- One case per invoice: a repeated request finds the case it already made.
  UNIQUE (client_id, invoice_number)
);
CREATE INDEX cases_client ON cases (client_id, created_at DESC);
CREATE INDEX cases_waiting ON cases (pending_reason, debtor_country) WHERE status = 'pending';

-- A case's activity timeline: creation, status and milestone changes, payments.
CREATE TABLE case_activity (
  id bigserial PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('created', 'status_changed', 'payment', 'message')),
  summary text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_activity_case ON case_activity (case_id, at);

-- Messages between the client and the collection partner about a case.
CREATE TABLE case_messages (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  sender text NOT NULL CHECK (sender IN ('client', 'collection_partner')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_messages_case ON case_messages (case_id, created_at);

-- A debtor payment. Revenue is allocated cumulatively, so installments add up
-- to exactly what one payment of their sum would have given.
CREATE TABLE payouts (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL REFERENCES fx_rates (currency),
  paid_at timestamptz NOT NULL,
  commission_percent numeric(5, 2) NOT NULL,
  platform_revenue_minor bigint NOT NULL CHECK (platform_revenue_minor >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payouts_case ON payouts (case_id, created_at);

-- What attribution decided for one payout and one partner: a fee, or why not.
-- A payout on a client no partner is linked to gets one row with no partner.
CREATE TABLE payout_attributions (
  id text PRIMARY KEY,
  payout_id text NOT NULL REFERENCES payouts (id),
  partner_id uuid REFERENCES partners (id),
  link_id text REFERENCES client_links (id),
  fee_percent numeric(5, 2),
  fee_minor bigint CHECK (fee_minor >= 0),
  no_fee_reason text CHECK (no_fee_reason IN (
    'no_link', 'link_archived', 'case_before_link',
    'not_created_with_partner_token', 'non_attributed_other_source')),
  CHECK ((fee_minor IS NULL) <> (no_fee_reason IS NULL)),
  CHECK ((fee_minor IS NULL) = (fee_percent IS NULL)),
  UNIQUE (payout_id, partner_id)
);
CREATE INDEX payout_attributions_link ON payout_attributions (link_id);

-- A referral fee's revenue stage. The USD amount floats with FX until the
-- fee reaches ready_to_invoice; then usd_minor is set and never changes.
CREATE TABLE transactions (
  id text PRIMARY KEY,
  attribution_id text NOT NULL UNIQUE REFERENCES payout_attributions (id),
  partner_id uuid NOT NULL REFERENCES partners (id),
  stage text NOT NULL CHECK (stage IN ('pending', 'confirmed', 'awaiting_collection_partner',
    'ready_to_invoice', 'awaiting_platform_payment', 'paid')),
  usd_minor bigint,
  locked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((usd_minor IS NULL) = (stage IN ('pending', 'confirmed', 'awaiting_collection_partner'))),
  CHECK ((usd_minor IS NULL) = (locked_at IS NULL))
);
CREATE INDEX transactions_partner ON transactions (partner_id, id);

-- Down Migration
DROP TABLE transactions;
DROP TABLE payout_attributions;
DROP TABLE payouts;
DROP TABLE case_messages;
DROP TABLE case_activity;
DROP TABLE cases;
DROP SEQUENCE case_number_seq;
DROP FUNCTION usd_minor(bigint, char(3));
DROP TABLE fx_rates;
DROP TABLE contract_signing_sessions;
DROP TABLE client_contracts;
ALTER TABLE clients DROP COLUMN kyc_verified_at;
DROP TABLE collection_routes;
DROP TABLE collection_partners;
