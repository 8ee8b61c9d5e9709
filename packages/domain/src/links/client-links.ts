import type { Queryable } from '@referral/db';
import type { ClientLink } from '../clients/client';

export interface LinkRow {
  id: string;
  partner_id: string;
  client_id: string;
  external_tenant_id: string;
  attribution: ClientLink['attribution'];
  fee_percent: string;
  linked_at: Date;
  archived_at: Date | null;
}

export const LINK_COLUMNS = `id, partner_id, client_id, external_tenant_id, attribution, fee_percent, linked_at, archived_at`;

export const toLink = (row: LinkRow): ClientLink => ({
  id: row.id,
  partnerId: row.partner_id,
  clientId: row.client_id,
  externalTenantId: row.external_tenant_id,
  attribution: row.attribution,
  feePercent: Number(row.fee_percent),
  linkedAt: row.linked_at.toISOString(),
  archivedAt: row.archived_at?.toISOString() ?? null,
});

/** Every partner's link to a client, archived ones too, oldest first. */
export async function linksOf(db: Queryable, clientId: string): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM client_links WHERE client_id = $1 ORDER BY linked_at`,
    [clientId],
  );
  return rows;
}

/** The partners who hear of a client's cases: those with an active link. */
export async function activeLinksOf(db: Queryable, clientId: string): Promise<LinkRow[]> {
  return (await linksOf(db, clientId)).filter((link) => !link.archived_at);
}
