import { decodeCursor, idCursor, toPage, type Page, type Pool } from '@referral/db';
import { z } from 'zod';
import { senderDomainAllowed } from './sender-domain';
import type { WelcomeEmailTemplate } from './welcome-email-template';
import {
  renderWelcomeEmail,
  sampleValues,
  type RenderedWelcomeEmail,
  type WelcomeEmailTemplateInput,
} from './welcome-email-template';

export const WelcomeEmailStatus = z.enum(['pending', 'sent', 'failed']);
export type WelcomeEmailStatus = z.infer<typeof WelcomeEmailStatus>;

/** One welcome email as its partner (or an operator) sees it: where it went and how it fared. */
export const WelcomeEmailMessage = z.object({
  id: z.string(),
  clientId: z.string(),
  to: z.string(),
  subject: z.string(),
  status: WelcomeEmailStatus.describe(
    'pending: not sent yet (or being retried); sent: the SMTP relay accepted it; failed: given up',
  ),
  attempts: z.int(),
  messageId: z.string().nullable().describe('The Message-ID header, once sent'),
  lastError: z.string().nullable().describe('The last SMTP failure, if any'),
  signedAt: z.string().describe('The SDCA signing that sent it'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('While pending: when it is tried next'),
});
export type WelcomeEmailMessage = z.infer<typeof WelcomeEmailMessage>;

export type SaveTemplateOutcome =
  | { outcome: 'saved'; template: WelcomeEmailTemplate; created: boolean }
  | { outcome: 'partner_not_found' }
  | { outcome: 'sender_domain_not_allowed'; address: string; mailDomains: string[] };

interface TemplateRow {
  from_address: string;
  from_name: string | null;
  reply_to: string | null;
  subject: string;
  html: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const toTemplate = (row: TemplateRow): WelcomeEmailTemplate => ({
  from: { address: row.from_address, name: row.from_name },
  replyTo: row.reply_to,
  subject: row.subject,
  html: row.html,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const TEMPLATE_COLUMNS = `from_address, from_name, reply_to, subject, html, enabled, created_at, updated_at`;

interface MessageRow {
  id: string;
  client_id: string;
  to_address: string;
  subject: string;
  status: WelcomeEmailStatus;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  signed_at: Date;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date;
}

const toMessage = (row: MessageRow): WelcomeEmailMessage => ({
  id: row.id,
  clientId: row.client_id,
  to: row.to_address,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  messageId: row.message_id,
  lastError: row.last_error,
  signedAt: row.signed_at.toISOString(),
  createdAt: row.created_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
});

/**
 * A partner's welcome email: its template (checked when saved, see
 * welcome-email-template.ts), a preview, and the emails sent with it.
 */
export class WelcomeEmails {
  constructor(private readonly pool: Pool) {}

  async get(partnerId: string): Promise<WelcomeEmailTemplate | undefined> {
    const { rows } = await this.pool.query<TemplateRow>(
      `SELECT ${TEMPLATE_COLUMNS} FROM welcome_email_templates WHERE partner_id = $1`,
      [partnerId],
    );
    return rows[0] && toTemplate(rows[0]);
  }

  /** Create or replace the partner's template; the sender must be on a domain authorised for it. */
  async save(partnerId: string, input: WelcomeEmailTemplateInput): Promise<SaveTemplateOutcome> {
    const partner = await this.pool.query<{ mail_domains: string[] }>(
      `SELECT mail_domains FROM partners WHERE id = $1`,
      [partnerId],
    );
    const mailDomains = partner.rows[0]?.mail_domains;
    if (!mailDomains) return { outcome: 'partner_not_found' };
    if (!senderDomainAllowed(input.from.address, mailDomains)) {
      return { outcome: 'sender_domain_not_allowed', address: input.from.address, mailDomains };
    }
    const { rows } = await this.pool.query<TemplateRow & { created: boolean }>(
      `INSERT INTO welcome_email_templates AS t
         (partner_id, from_address, from_name, reply_to, subject, html, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (partner_id) DO UPDATE SET
         from_address = EXCLUDED.from_address, from_name = EXCLUDED.from_name,
         reply_to = EXCLUDED.reply_to, subject = EXCLUDED.subject, html = EXCLUDED.html,
         enabled = EXCLUDED.enabled, updated_at = now()
       RETURNING ${TEMPLATE_COLUMNS}, (xmax = 0) AS created`,
      [
        partnerId,
        input.from.address,
        input.from.name ?? null,
        input.replyTo ?? null,
        input.subject,
        input.html,
        input.enabled,
      ],
    );
    return { outcome: 'saved', template: toTemplate(rows[0]!), created: rows[0]!.created };
  }

  /** Remove the template; signings from now on send nothing. Emails already queued still go. */
  async remove(partnerId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM welcome_email_templates WHERE partner_id = $1`,
      [partnerId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Render a template with sample values and the partner's own name and logo. */
  async preview(
    partnerId: string,
    template: { subject: string; html: string },
  ): Promise<RenderedWelcomeEmail | undefined> {
    const { rows } = await this.pool.query<{ name: string; logo_url: string | null }>(
      `SELECT name, branding->>'logoUrl' AS logo_url FROM partners WHERE id = $1`,
      [partnerId],
    );
    const partner = rows[0];
    if (!partner) return undefined;
    return renderWelcomeEmail(
      template,
      sampleValues({ name: partner.name, logoUrl: partner.logo_url }),
    );
  }

  /** The partner's welcome emails, newest first. */
  async messages(
    partnerId: string,
    { limit = 50, cursor }: { limit?: number; cursor?: string | undefined } = {},
  ): Promise<Page<WelcomeEmailMessage>> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT id, client_id, to_address, subject, status, attempts, message_id, last_error,
              signed_at, created_at, sent_at, next_attempt_at
       FROM welcome_emails
       WHERE partner_id = $1 AND ($2::text IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [partnerId, (cursor && decodeCursor(cursor)) ?? null, limit + 1],
    );
    return toPage(rows, limit, toMessage, idCursor);
  }
}
