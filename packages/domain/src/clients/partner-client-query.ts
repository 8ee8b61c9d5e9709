import type { Queryable } from '@referral/db';
import type { DomainContext } from '../context';
import { escapeLike, searchMatcher } from '../sql-like';
import type { SqlParams } from '@referral/db';
import type { PartnerClient } from './client';

/**
 * A partner's clients are its links joined to the companies, with the newest
 * valid onboarding URL while the SDCA is unsigned. Filters go after `WHERE`.
 */
export const PARTNER_CLIENT_SELECT = `
  SELECT c.id, l.external_tenant_id, c.company_name, c.registration_number, c.country,
         c.contact_email, c.contact_name, c.sdca_signed_at, c.kyc_verified_at, c.kyc_status,
         (SELECT count(*)::int FROM cases k WHERE k.client_id = c.id AND k.status <> 'closed')
           AS active_case_count,
         l.id AS link_id, l.partner_id, l.attribution, l.fee_percent, l.linked_at, l.archived_at,
         o.id AS onboarding_id, o.expires_at AS onboarding_expires_at
  FROM client_links l
  JOIN clients c ON c.id = l.client_id
  LEFT JOIN LATERAL (
    SELECT s.id, s.expires_at FROM onboarding_sessions s
    WHERE s.client_id = c.id AND s.partner_id = l.partner_id
      AND c.sdca_signed_at IS NULL AND s.expires_at > now()
    ORDER BY s.created_at DESC LIMIT 1
  ) o ON true`;

export interface PartnerClientRow {
  id: string;
  external_tenant_id: string;
  company_name: string;
  registration_number: string;
  country: string;
  contact_email: string;
  contact_name: string | null;
  sdca_signed_at: Date | null;
  kyc_verified_at: Date | null;
  kyc_status: PartnerClient['kycStatus'];
  active_case_count: number;
  link_id: string;
  partner_id: string;
  attribution: PartnerClient['attribution'];
  fee_percent: string;
  linked_at: Date;
  archived_at: Date | null;
  onboarding_id: string | null;
  onboarding_expires_at: Date | null;
}

export function toPartnerClient(
  ctx: Pick<DomainContext, 'pageTokens' | 'urls'>,
  row: PartnerClientRow,
): PartnerClient {
  return {
    id: row.id,
    externalTenantId: row.external_tenant_id,
    companyName: row.company_name,
    registrationNumber: row.registration_number,
    country: row.country,
    contactEmail: row.contact_email,
    contactName: row.contact_name,
    linkId: row.link_id,
    attribution: row.attribution,
    feePercent: Number(row.fee_percent),
    linkStatus: row.archived_at ? 'archived' : 'active',
    linkedAt: row.linked_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
    onboardingStatus: row.sdca_signed_at ? 'completed' : 'pending',
    sdcaSignedAt: row.sdca_signed_at?.toISOString() ?? null,
    kycVerified: row.kyc_verified_at !== null,
    kycStatus: row.kyc_status,
    onboardingUrl: row.onboarding_id
      ? ctx.urls.onboarding(ctx.pageTokens.issue(row.onboarding_id))
      : null,
    onboardingUrlExpiresAt: row.onboarding_expires_at?.toISOString() ?? null,
    activeCaseCount: row.active_case_count,
  };
}

/** One partner's view of one client, or undefined when the partner has no link to it. */
export async function findPartnerClient(
  db: Queryable,
  ctx: Pick<DomainContext, 'pageTokens' | 'urls'>,
  partnerId: string,
  clientId: string,
): Promise<PartnerClient | undefined> {
  const { rows } = await db.query<PartnerClientRow>(
    `${PARTNER_CLIENT_SELECT} WHERE l.partner_id = $1 AND l.client_id = $2`,
    [partnerId, clientId],
  );
  return rows[0] && toPartnerClient(ctx, rows[0]);
}

/** What a partner's client lists filter on: `GET /v1/clients` and the dashboard's Clients view. */
export interface ClientConditions {
  onboardingStatus?: PartnerClient['onboardingStatus'] | undefined;
  attribution?: PartnerClient['attribution'] | undefined;
  linkStatus?: PartnerClient['linkStatus'] | undefined;
  /** Part of the company name, or the start of the externalTenantId. */
  search?: string | undefined;
  /** Linked on or after / on or before (UTC dates, inclusive). */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The one copy of the client filters: conditions over PARTNER_CLIENT_SELECT,
 * joined by AND, for the partner whose id is `$1`.
 */
export function clientConditions(filter: ClientConditions, params: SqlParams): string {
  const conditions = ['l.partner_id = $1::uuid'];
  if (filter.onboardingStatus) {
    conditions.push(
      `(c.sdca_signed_at IS NOT NULL) = (${params.add(filter.onboardingStatus)} = 'completed')`,
    );
  }
  if (filter.attribution) conditions.push(`l.attribution = ${params.add(filter.attribution)}`);
  if (filter.linkStatus) {
    conditions.push(
      `(l.archived_at IS NOT NULL) = (${params.add(filter.linkStatus)} = 'archived')`,
    );
  }
  if (filter.search) {
    const tenantIdStart = params.add(`${escapeLike(filter.search)}%`);
    const matches = searchMatcher(filter.search, params);
    conditions.push(
      `(${matches('c.company_name')} OR l.external_tenant_id ILIKE ${tenantIdStart})`,
    );
  }
  if (filter.from) conditions.push(`l.linked_at >= ${params.add(filter.from)}::date`);
  if (filter.to) conditions.push(`l.linked_at < ${params.add(filter.to)}::date + 1`);
  return conditions.join('\n  AND ');
}
