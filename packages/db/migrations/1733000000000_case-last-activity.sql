-- Up Migration

-- When a case last moved: its newest timeline entry. Kept on the case by a
-- trigger (every path that writes the timeline, backdating included), so the
-- dashboard sorts by it through an index instead of a subquery per case.
ALTER TABLE cases ADD COLUMN last_activity_at timestamptz;
UPDATE cases k
  SET last_activity_at = coalesce(
    (SELECT max(ca.at) FROM case_activity ca WHERE ca.case_id = k.id), k.updated_at);
ALTER TABLE cases
  ALTER COLUMN last_activity_at SET DEFAULT now(),
  ALTER COLUMN last_activity_at SET NOT NULL;

CREATE FUNCTION case_activity_moves_case() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases
    SET last_activity_at = (SELECT max(at) FROM case_activity WHERE case_id = NEW.case_id)
    WHERE id = NEW.case_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER case_activity_moves_case AFTER INSERT OR UPDATE OF at ON case_activity
  FOR EACH ROW EXECUTE FUNCTION case_activity_moves_case();

CREATE INDEX cases_last_activity ON cases (last_activity_at, id);

-- Down Migration
DROP INDEX cases_last_activity;
DROP TRIGGER case_activity_moves_case ON case_activity;
DROP FUNCTION case_activity_moves_case();
ALTER TABLE cases DROP COLUMN last_activity_at;
