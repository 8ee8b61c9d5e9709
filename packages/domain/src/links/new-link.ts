import { newId, type PoolClient } from '@referral/db';
import type { Attribution } from '@referral/events';
import { partnerEvent, type Emit } from '../outbox';

export interface PartnerTerms {
  referralFeePercent: number;
  linkRequestTtlDays: number;
}

/** The partner's terms as committed, read inside the transaction that applies them. */
export async function partnerTerms(tx: PoolClient, partnerId: string): Promise<PartnerTerms> {
  const { rows } = await tx.query<{ fee: string; ttl: number }>(
    `SELECT referral_fee_percent AS fee, link_request_ttl_days AS ttl FROM partners WHERE id = $1 FOR SHARE`,
    [partnerId],
  );
  const row = rows[0];
  if (!row) throw new Error(`partner ${partnerId} does not exist`);
  return { referralFeePercent: Number(row.fee), linkRequestTtlDays: row.ttl };
}

/**
 * Link a client to a partner with the partner's current fee, frozen from now
 * on, and tell the partner (`client.linked`).
 */
export async function insertLink(
  tx: PoolClient,
  emit: Emit,
  link: {
    partnerId: string;
    clientId: string;
    companyName: string;
    externalTenantId: string;
    attribution: Attribution;
  },
): Promise<{ linkId: string }> {
  const { referralFeePercent } = await partnerTerms(tx, link.partnerId);
  const linkId = newId('lnk');
  const { rows } = await tx.query<{ linked_at: Date }>(
    `INSERT INTO client_links (id, partner_id, client_id, external_tenant_id, attribution, fee_percent)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING linked_at`,
    [
      linkId,
      link.partnerId,
      link.clientId,
      link.externalTenantId,
      link.attribution,
      referralFeePercent,
    ],
  );
  await emit(
    partnerEvent(link.partnerId, 'client.linked', {
      clientId: link.clientId,
      externalTenantId: link.externalTenantId,
      companyName: link.companyName,
      linkId,
      attribution: link.attribution,
      feePercentage: referralFeePercent,
      linkedAt: rows[0]!.linked_at.toISOString(),
    }),
  );
  return { linkId };
}
