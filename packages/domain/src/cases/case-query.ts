import type { Queryable } from '@referral/db';
import type { CaseStatus } from '@referral/events';
import { escapeLike } from '../sql-like';
import type { SqlParams } from '@referral/db';
import type { AdminCase, Case, DebtorAddress, PartnerCase } from './case';

/**
 * Every column a case view needs, after any `extraColumns` (each ending in a
 * comma). `$1` is the viewing partner (null for operators).
 */
export const caseSelect = (extraColumns = '') => `
  SELECT ${extraColumns} k.id, k.reference, k.client_id, c.company_name AS client_name, k.status, k.milestone,
         k.pending_reason, k.source, k.source_partner_id, k.debtor_name, k.debtor_type,
         k.debtor_country, k.debtor_email, k.debtor_address, k.invoice_number, k.amount_minor,
         k.currency, k.issue_date::text AS issue_date, k.due_date::text AS due_date,
         cp.id AS cp_id, cp.name AS cp_name, k.created_at, k.updated_at,
         l.external_tenant_id
  FROM cases k
  JOIN clients c ON c.id = k.client_id
  LEFT JOIN collection_partners cp ON cp.id = k.collection_partner_id
  LEFT JOIN client_links l ON l.client_id = k.client_id AND l.partner_id = $1::uuid`;

export const CASE_SELECT = caseSelect();

export interface CaseRow {
  id: string;
  reference: string;
  client_id: string;
  client_name: string;
  status: Case['status'];
  milestone: Case['milestone'];
  pending_reason: Case['pendingReason'];
  source: Case['source'];
  source_partner_id: string | null;
  debtor_name: string;
  debtor_type: Case['debtor']['type'];
  debtor_country: string;
  debtor_email: string | null;
  debtor_address: DebtorAddress | null;
  invoice_number: string;
  amount_minor: string;
  currency: string;
  issue_date: string;
  due_date: string;
  cp_id: string | null;
  cp_name: string | null;
  created_at: Date;
  updated_at: Date;
  external_tenant_id: string | null;
}

export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    reference: row.reference,
    clientId: row.client_id,
    clientName: row.client_name,
    status: row.status,
    milestone: row.milestone,
    pendingReason: row.pending_reason,
    source: row.source,
    debtor: {
      name: row.debtor_name,
      type: row.debtor_type,
      country: row.debtor_country,
      email: row.debtor_email,
      address: row.debtor_address,
    },
    invoice: {
      number: row.invoice_number,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      issueDate: row.issue_date,
      dueDate: row.due_date,
    },
    collectionPartner: row.cp_id ? { id: row.cp_id, name: row.cp_name! } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The case as the partner `partnerId` sees it; the row must come from CASE_SELECT with that partner. */
export function toPartnerCase(row: CaseRow, partnerId: string): PartnerCase {
  return {
    ...toCase(row),
    externalTenantId: row.external_tenant_id!,
    createdWithYourToken: row.source_partner_id === partnerId,
  };
}

export function toAdminCase(row: CaseRow): AdminCase {
  return { ...toCase(row), sourcePartnerId: row.source_partner_id };
}

/** One case by reference; a partner sees only cases of clients linked to it. */
export async function findCase(
  db: Queryable,
  reference: string,
  partnerId: string | null,
): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(
    `${CASE_SELECT} WHERE k.reference = $2 AND ($1::uuid IS NULL OR l.id IS NOT NULL)`,
    [partnerId, reference],
  );
  return rows[0];
}

/** What a partner's case lists filter on: `GET /v1/cases` and the dashboard's Cases view. */
export interface CaseConditions {
  statuses?: readonly CaseStatus[] | undefined;
  /** Part of the reference, the debtor's name or the client's company name. */
  search?: string | undefined;
  /** Created on or after / on or before (UTC dates, inclusive). */
  from?: string | undefined;
  to?: string | undefined;
  clientId?: string | undefined;
}

/**
 * The one copy of the case filters: SQL conditions over `cases k`, joined by
 * AND, for the partner whose id is `$1`. The client-name search is its own
 * OR branch over `clients` so that each branch can use its trigram index.
 */
export function caseConditions(filter: CaseConditions, params: SqlParams): string {
  const conditions = [
    'k.client_id IN (SELECT cl.client_id FROM client_links cl WHERE cl.partner_id = $1::uuid)',
  ];
  if (filter.statuses) conditions.push(`k.status = ANY(${params.add(filter.statuses)}::text[])`);
  if (filter.search) {
    const term = params.add(`%${escapeLike(filter.search)}%`);
    conditions.push(
      `(k.reference ILIKE ${term} OR k.debtor_name ILIKE ${term}
        OR k.client_id = ANY(ARRAY(SELECT sc.id FROM clients sc WHERE sc.company_name ILIKE ${term})))`,
    );
  }
  if (filter.from) conditions.push(`k.created_at >= ${params.add(filter.from)}::date`);
  if (filter.to) conditions.push(`k.created_at < ${params.add(filter.to)}::date + 1`);
  if (filter.clientId) conditions.push(`k.client_id = ${params.add(filter.clientId)}`);
  return conditions.join('\n  AND ');
}
