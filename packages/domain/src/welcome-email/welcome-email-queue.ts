import { newId, type PoolClient } from '@referral/db';
import { senderDomainAllowed } from './sender-domain';
import { renderWelcomeEmail, type RenderedWelcomeEmail } from './welcome-email-template';

interface Pending {
  partner_id: string;
  partner_name: string;
  logo_url: string | null;
  mail_domains: string[];
  external_tenant_id: string;
  from_address: string;
  from_name: string | null;
  reply_to: string | null;
  subject: string;
  html: string;
  company_name: string;
  contact_name: string | null;
  contact_email: string;
  country: string;
  registration_number: string;
  sdca_signed_by: string | null;
}

/**
 * Queue the welcome email of every partner with an active link to the client
 * and an enabled template, in the signing's transaction (the mail outbox):
 * it is sent if and only if the signing commits. Rendered now, so the client
 * gets the template as it was at signing. The unique (client, partner,
 * signing) key makes a second call for the same signing add nothing.
 */
export async function queueWelcomeEmails(
  tx: PoolClient,
  clientId: string,
  signedAt: Date,
): Promise<void> {
  const { rows } = await tx.query<Pending>(
    `SELECT p.id AS partner_id, p.name AS partner_name, p.branding->>'logoUrl' AS logo_url,
            p.mail_domains, l.external_tenant_id, t.from_address, t.from_name, t.reply_to,
            t.subject, t.html, c.company_name, c.contact_name, c.contact_email, c.country,
            c.registration_number, c.sdca_signed_by
     FROM client_links l
     JOIN clients c ON c.id = l.client_id
     JOIN partners p ON p.id = l.partner_id
     JOIN welcome_email_templates t ON t.partner_id = l.partner_id AND t.enabled
     WHERE l.client_id = $1 AND l.archived_at IS NULL
     ORDER BY l.linked_at`,
    [clientId],
  );
  for (const row of rows) {
    // An operator may have withdrawn the domain since the template was saved.
    if (!senderDomainAllowed(row.from_address, row.mail_domains)) continue;
    const rendered = render(row, signedAt);
    const email =
      'error' in rendered
        ? { subject: '', html: '', text: '', status: 'failed', lastError: rendered.error }
        : { ...rendered, status: 'pending', lastError: null };
    await tx.query(
      `INSERT INTO welcome_emails (id, partner_id, client_id, signed_at, from_address, from_name,
         reply_to, to_address, subject, html, text, status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (client_id, partner_id, signed_at) DO NOTHING`,
      [
        newId('wem'),
        row.partner_id,
        clientId,
        signedAt,
        row.from_address,
        row.from_name,
        row.reply_to,
        row.contact_email,
        email.subject,
        email.html,
        email.text,
        email.status,
        email.lastError,
      ],
    );
  }
}

/**
 * Templates were checked when saved, so rendering should not fail; if it
 * does, the signing must still commit: the email is recorded as failed.
 */
function render(row: Pending, signedAt: Date): RenderedWelcomeEmail | { error: string } {
  try {
    return renderWelcomeEmail(row, {
      client: {
        companyName: row.company_name,
        contactName: row.contact_name,
        contactEmail: row.contact_email,
        country: row.country,
        registrationNumber: row.registration_number,
        externalTenantId: row.external_tenant_id,
        signerName: row.sdca_signed_by,
        signedAt: signedAt.toISOString().slice(0, 10),
      },
      partner: { name: row.partner_name, logoUrl: row.logo_url },
    });
  } catch (err) {
    return { error: `the template failed to render: ${(err as Error).message}` };
  }
}
