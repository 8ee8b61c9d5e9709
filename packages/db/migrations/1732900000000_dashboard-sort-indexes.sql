-- Up Migration

-- The dashboard's default sorts, newest first: with an index in the sort's
-- order (the id breaks ties) a page walks it and stops after 20 rows; an
-- ascending index serves both directions (list-window.ts orderBy). Measured
-- on 100,000 fees (test/bench/README.md): Earnings page 1 went from a hash
-- join of every fee and a sort (~600 ms) to an index walk (~8 ms).
CREATE INDEX cases_created ON cases (created_at, id);
CREATE INDEX payouts_paid ON payouts (paid_at);

-- Down Migration

DROP INDEX payouts_paid;
DROP INDEX cases_created;
