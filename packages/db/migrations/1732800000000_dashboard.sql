-- Up Migration

-- The partner dashboard's sessions, kept by connect-pg-simple (its own
-- table.sql; the store never creates it). `expire` is when the session ends:
-- the store reads only rows still in the future and prunes the rest.
CREATE TABLE "session" (
  "sid" varchar NOT NULL COLLATE "default" PRIMARY KEY,
  "sess" json NOT NULL,
  "expire" timestamp(6) NOT NULL
);
CREATE INDEX "IDX_session_expire" ON "session" ("expire");

-- Search as you type over 100,000 rows of one partner: ILIKE '%term%' can
-- only use trigram indexes. Each table searched gets one per searched column,
-- and the dashboard's queries OR them as separate conditions (a client match
-- as `k.client_id = ANY(ARRAY(SELECT … ILIKE …))`) so bitmap ORs stay possible.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_reference_trgm ON cases USING gin (reference gin_trgm_ops);
CREATE INDEX cases_debtor_name_trgm ON cases USING gin (debtor_name gin_trgm_ops);
CREATE INDEX clients_company_name_trgm ON clients USING gin (company_name gin_trgm_ops);
CREATE INDEX client_links_external_tenant_id_trgm
  ON client_links USING gin (external_tenant_id gin_trgm_ops);

-- Down Migration

DROP INDEX client_links_external_tenant_id_trgm;
DROP INDEX clients_company_name_trgm;
DROP INDEX cases_debtor_name_trgm;
DROP INDEX cases_reference_trgm;
DROP TABLE "session";
