-- Up Migration

-- Where a client stands with KYC. The domain moves it (hosted form, operator
-- decision) and keeps kyc_verified_at beside it: set exactly when verified.
ALTER TABLE clients
  ADD COLUMN kyc_status text NOT NULL DEFAULT 'required'
    CHECK (kyc_status IN ('required', 'submitted', 'verified', 'rejected'));
UPDATE clients SET kyc_status = 'verified' WHERE kyc_verified_at IS NOT NULL;
ALTER TABLE clients
  ADD CONSTRAINT clients_kyc_verified_at_with_status
    CHECK ((kyc_status = 'verified') = (kyc_verified_at IS NOT NULL));

-- The hosted KYC form's URLs (the kyc-required 422's solutionUrl), one open
-- at a time per client and partner, like contract_signing_sessions.
CREATE TABLE kyc_sessions (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES clients (id),
  -- The partner whose branding the page wears; null when the client acted on its own.
  partner_id uuid REFERENCES partners (id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kyc_sessions_latest ON kyc_sessions (client_id, created_at DESC);

-- What the client submitted for verification. One row per client: a new
-- submission after a rejection replaces the rejected one (its personal data
-- is not kept once it is no longer needed).
CREATE TABLE kyc_submissions (
  id text PRIMARY KEY,
  client_id text NOT NULL UNIQUE REFERENCES clients (id),
  session_id text NOT NULL REFERENCES kyc_sessions (id),
  partner_id uuid REFERENCES partners (id),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
  legal_representative text NOT NULL,
  date_of_birth date NOT NULL,
  -- { line1, line2?, postalCode, city, country }
  address jsonb NOT NULL,
  -- [{ name, dateOfBirth?, percent }]: everyone owning more than 25 %; empty
  -- only with no_owner_over_25 confirmed.
  beneficial_owners jsonb NOT NULL,
  no_owner_over_25 boolean NOT NULL,
  decided_at timestamptz,
  reason text CHECK (char_length(reason) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'submitted') = (decided_at IS NULL)),
  CHECK (status = 'rejected' OR reason IS NULL),
  CHECK (status <> 'rejected' OR reason IS NOT NULL),
  CHECK (jsonb_typeof(beneficial_owners) = 'array'),
  CHECK (no_owner_over_25 = (jsonb_array_length(beneficial_owners) = 0))
);

-- The platform's document store (in production an object store; see
-- packages/domain/src/kyc/document-store.ts, the only code that reads it).
-- Never joined into a row the API returns. At most one document per client
-- follows from one submission per client.
CREATE TABLE kyc_documents (
  submission_id text PRIMARY KEY REFERENCES kyc_submissions (id) ON DELETE CASCADE,
  content bytea NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 5242880),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(content) = byte_size)
);

-- Down Migration
DROP TABLE kyc_documents;
DROP TABLE kyc_submissions;
DROP TABLE kyc_sessions;
ALTER TABLE clients DROP CONSTRAINT clients_kyc_verified_at_with_status;
ALTER TABLE clients DROP COLUMN kyc_status;
