-- Up Migration

-- What a partner's links and hosted pages take from it. The fee is a
-- percentage of the platform's revenue, snapshotted into each link.
ALTER TABLE partners
  ADD COLUMN referral_fee_percent numeric(5, 2) NOT NULL DEFAULT 10
    CHECK (referral_fee_percent >= 0 AND referral_fee_percent <= 100),
  ADD COLUMN link_request_ttl_days integer NOT NULL DEFAULT 7
    CHECK (link_request_ttl_days BETWEEN 1 AND 30),
  ADD COLUMN branding jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Down Migration
ALTER TABLE partners
  DROP COLUMN referral_fee_percent,
  DROP COLUMN link_request_ttl_days,
  DROP COLUMN branding,
  DROP COLUMN updated_at;
