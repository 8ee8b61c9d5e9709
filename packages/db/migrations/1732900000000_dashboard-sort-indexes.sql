-- Up Migration

-- The Cases view's default sort, newest first: with an index in the sort's
-- order (the id breaks ties) a page walks it and stops after 20 rows; an
-- ascending index serves both directions (list-window.ts orderBy). Measured
-- on 100,000 cases (test/bench/README.md): page 1 went from sorting every
-- case (~210 ms) to an index walk (~10 ms). Fees have theirs on transactions.
CREATE INDEX cases_created ON cases (created_at, id);

-- Down Migration

DROP INDEX cases_created;
