-- Up Migration

-- The dashboard's default sorts are newest first, and its ORDER BY says
-- DESC NULLS LAST (list-window.ts orderBy): only an index in that exact order
-- lets a page walk it and stop after 20 rows. A plain DESC index is NULLS
-- FIRST and is not used. Measured on 100,000 fees (test/bench/README.md):
-- Earnings page 1 went from a hash join of every fee and a sort (~600 ms)
-- to an index walk over the newest payouts (~8 ms); Cases page 1 likewise.
CREATE INDEX cases_created_desc ON cases (created_at DESC NULLS LAST, id DESC);
CREATE INDEX payouts_paid_desc ON payouts (paid_at DESC NULLS LAST);

-- Down Migration

DROP INDEX payouts_paid_desc;
DROP INDEX cases_created_desc;
