-- Up Migration

-- A fee's payment date, copied from its payout (payouts never change) by a
-- trigger on every insert, so that a partner's fees list in payment order,
-- all or by stage, through one index. Paid fees are the oldest payments: found
-- by walking every payout from the newest, a 1,000-row export of them read
-- 22,000 payouts (~270 ms on 100,000 fees); through this index it reads 1,000.
ALTER TABLE transactions ADD COLUMN paid_at timestamptz;
UPDATE transactions t SET paid_at = p.paid_at
  FROM payout_attributions a JOIN payouts p ON p.id = a.payout_id
  WHERE a.id = t.attribution_id;
ALTER TABLE transactions ALTER COLUMN paid_at SET NOT NULL;

CREATE FUNCTION transaction_paid_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.paid_at := (SELECT p.paid_at FROM payout_attributions a JOIN payouts p ON p.id = a.payout_id
                  WHERE a.id = NEW.attribution_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER transaction_paid_at BEFORE INSERT ON transactions
  FOR EACH ROW EXECUTE FUNCTION transaction_paid_at();

CREATE INDEX transactions_partner_paid ON transactions (partner_id, paid_at, id);
CREATE INDEX transactions_partner_stage_paid ON transactions (partner_id, stage, paid_at, id);

-- Down Migration
DROP INDEX transactions_partner_stage_paid;
DROP INDEX transactions_partner_paid;
DROP TRIGGER transaction_paid_at ON transactions;
DROP FUNCTION transaction_paid_at();
ALTER TABLE transactions DROP COLUMN paid_at;
