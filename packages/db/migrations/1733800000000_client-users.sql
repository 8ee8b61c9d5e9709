-- Up Migration

-- The people a client adds on its onboarding page, before it signs the SDCA:
-- who will use the platform for the company. One row per person; an email
-- appears once per company, whatever its case.
CREATE TABLE client_users (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES clients (id),
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX client_users_email ON client_users (client_id, lower(email));

-- Down Migration
DROP TABLE client_users;
