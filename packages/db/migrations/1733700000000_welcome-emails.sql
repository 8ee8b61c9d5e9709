-- Up Migration

-- The domains an operator authorised the partner to send mail from (in
-- production: the domains authenticated at the SMTP relay with SPF and DKIM).
ALTER TABLE partners ADD COLUMN mail_domains text[] NOT NULL DEFAULT '{}';

-- A partner's welcome email: sent to each client that signs the SDCA while the
-- partner has an active link to it. One per partner; the templates were
-- compiled and checked against the known variables when saved.
CREATE TABLE welcome_email_templates (
  partner_id uuid PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
  from_address text NOT NULL,
  from_name text,
  reply_to text,
  subject text NOT NULL,
  html text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The mail outbox. A row is written in the signing's transaction with the
-- message rendered then (what the client gets is the template at signing);
-- the dispatcher's welcome-email worker claims due rows, sends them and
-- records the outcome. One row per signing per partner, whatever retries.
CREATE TABLE welcome_emails (
  id text PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  client_id text NOT NULL REFERENCES clients (id),
  signed_at timestamptz NOT NULL,
  from_address text NOT NULL,
  from_name text,
  reply_to text,
  to_address text NOT NULL,
  subject text NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When a worker may take it next: now for a new row, the retry time after a
  -- failure, the end of the claim's lease while a worker is sending it.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  message_id text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (client_id, partner_id, signed_at)
);
CREATE INDEX welcome_emails_due ON welcome_emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX welcome_emails_partner ON welcome_emails (partner_id, id);

-- Down Migration
DROP TABLE welcome_emails;
DROP TABLE welcome_email_templates;
ALTER TABLE partners DROP COLUMN mail_domains;
