import type { ClientLink, ClientRecord } from '../clients/client';
import type { DomainContext } from '../context';
import { partnerEvent } from '../outbox';
import { usersOf } from '../onboarding/client-users';
import { LINK_COLUMNS, linksOf, toLink, type LinkRow } from './client-links';

export type ArchiveOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'unchanged'; link: ClientLink }
  | { outcome: 'archived' | 'restored'; link: ClientLink };

/** Operators archive a link (payouts stop earning a fee through it) and restore it. */
export class LinkAdmin {
  constructor(private readonly ctx: DomainContext) {}

  /** A company with every partner's link to it. */
  async client(clientId: string): Promise<ClientRecord | undefined> {
    const { rows } = await this.ctx.pool.query<{
      id: string;
      company_name: string;
      registration_number: string;
      country: string;
      contact_email: string;
      contact_name: string | null;
      sdca_signed_at: Date | null;
      sdca_signed_by: string | null;
      kyc_verified_at: Date | null;
      kyc_status: ClientRecord['kycStatus'];
      created_at: Date;
    }>(`SELECT * FROM clients WHERE id = $1`, [clientId]);
    const c = rows[0];
    if (!c) return undefined;
    const [links, users] = await Promise.all([
      linksOf(this.ctx.pool, clientId),
      usersOf(this.ctx.pool, clientId),
    ]);
    return {
      id: c.id,
      companyName: c.company_name,
      registrationNumber: c.registration_number,
      country: c.country,
      contactEmail: c.contact_email,
      contactName: c.contact_name,
      sdcaSignedAt: c.sdca_signed_at?.toISOString() ?? null,
      sdcaSignedBy: c.sdca_signed_by,
      kycVerifiedAt: c.kyc_verified_at?.toISOString() ?? null,
      kycStatus: c.kyc_status,
      createdAt: c.created_at.toISOString(),
      links: links.map(toLink),
      users,
    };
  }

  archive(linkId: string): Promise<ArchiveOutcome> {
    return this.change(linkId, 'archive');
  }

  restore(linkId: string): Promise<ArchiveOutcome> {
    return this.change(linkId, 'restore');
  }

  /** Archiving an archived link (or restoring an active one) changes nothing and emits nothing. */
  private change(linkId: string, action: 'archive' | 'restore'): Promise<ArchiveOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const { rows } = await tx.query<LinkRow>(
        `UPDATE client_links SET archived_at = ${action === 'archive' ? 'now()' : 'NULL'}
         WHERE id = $1 AND (archived_at IS NULL) = $2 RETURNING ${LINK_COLUMNS}`,
        [linkId, action === 'archive'],
      );
      const changed = rows[0];
      if (!changed) {
        const current = await tx.query<LinkRow>(
          `SELECT ${LINK_COLUMNS} FROM client_links WHERE id = $1`,
          [linkId],
        );
        return current.rows[0]
          ? { outcome: 'unchanged', link: toLink(current.rows[0]) }
          : { outcome: 'not_found' };
      }
      const link = toLink(changed);
      const ref = {
        clientId: link.clientId,
        externalTenantId: link.externalTenantId,
        linkId: link.id,
      };
      if (action === 'archive') {
        await emit(
          partnerEvent(link.partnerId, 'client.link_archived', {
            ...ref,
            archivedAt: link.archivedAt!,
          }),
        );
        return { outcome: 'archived', link };
      }
      const { rows: now } = await tx.query<{ now: Date }>(`SELECT now()`);
      await emit(
        partnerEvent(link.partnerId, 'client.link_restored', {
          ...ref,
          restoredAt: now[0]!.now.toISOString(),
        }),
      );
      return { outcome: 'restored', link };
    });
  }
}
