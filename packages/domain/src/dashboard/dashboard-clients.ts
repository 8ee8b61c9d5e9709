import type {
  ClientListQuery,
  ClientRow,
  ClientSortKey,
  ClientSummary,
  ClientTab,
} from '@referral/dashboard-contract';
import type { Queryable } from '@referral/db';
import type { DomainContext } from '../context';
import {
  clientConditions,
  PARTNER_CLIENT_SELECT,
  toPartnerClient,
  type ClientConditions,
  type PartnerClientRow,
} from '../clients/partner-client-query';
import { SqlParams } from '@referral/db';
import { orderBy, type ListWindow, type WindowOf } from './list-window';

const sortColumns: Readonly<Record<ClientSortKey, string>> = {
  company: 'company_name',
  externalTenantId: 'external_tenant_id',
  attribution: 'attribution',
  onboardingStatus: '(sdca_signed_at IS NOT NULL)',
  linkedAt: 'linked_at',
  activeCases: 'active_case_count',
};

const tabConditions: Readonly<Record<ClientTab, ClientConditions>> = {
  all: {},
  unsigned_sdca: { onboardingStatus: 'pending' },
  non_attributed: { attribution: 'non_attributed' },
};

/** The Clients view of the partner dashboard: the partner's links, pages, CSV rows and cards. */
export class DashboardClients {
  constructor(
    private readonly db: Queryable,
    private readonly ctx: Pick<DomainContext, 'pageTokens' | 'urls'>,
  ) {}

  async list(
    partnerId: string,
    query: Omit<ClientListQuery, 'page'>,
    window: ListWindow,
  ): Promise<WindowOf<ClientRow>> {
    const params = new SqlParams([partnerId]);
    const where = clientConditions(
      {
        ...tabConditions[query.tab],
        search: query.search || undefined,
        from: query.from,
        to: query.to,
      },
      params,
    );
    const countValues = [...params.values];
    // Sorted outside PARTNER_CLIENT_SELECT: its active case count is a column there.
    const [page, count] = await Promise.all([
      this.db.query<PartnerClientRow>(
        `SELECT * FROM (${PARTNER_CLIENT_SELECT} WHERE ${where}) rows
         ${orderBy(sortColumns[query.sort], query.order, 'link_id')}
         LIMIT ${params.add(window.limit)} OFFSET ${params.add(window.offset)}`,
        params.values,
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM client_links l JOIN clients c ON c.id = l.client_id
         WHERE ${where}`,
        countValues,
      ),
    ]);
    return { rows: page.rows.map((row) => this.toRow(row)), total: count.rows[0]!.total };
  }

  /** The cards, over the link date range only. */
  async summary(partnerId: string, range: { from?: string; to?: string }): Promise<ClientSummary> {
    const params = new SqlParams([partnerId]);
    const where = clientConditions({ from: range.from, to: range.to }, params);
    const { rows } = await this.db.query<ClientSummary>(
      `SELECT count(*)::int AS total,
              (count(*) FILTER (WHERE l.attribution = 'attributed'))::int AS attributed,
              (count(*) FILTER (WHERE c.sdca_signed_at IS NOT NULL))::int AS "onboardingComplete"
       FROM client_links l JOIN clients c ON c.id = l.client_id WHERE ${where}`,
      params.values,
    );
    return rows[0]!;
  }

  private toRow(row: PartnerClientRow): ClientRow {
    const client = toPartnerClient(this.ctx, row);
    return {
      clientId: client.id,
      companyName: client.companyName,
      externalTenantId: client.externalTenantId,
      attribution: client.attribution,
      onboardingStatus: client.onboardingStatus,
      sdcaSignedAt: client.sdcaSignedAt,
      linkedAt: client.linkedAt,
      linkStatus: client.linkStatus,
      activeCaseCount: client.activeCaseCount,
      onboardingUrl: client.onboardingUrl,
      onboardingUrlExpiresAt: client.onboardingUrlExpiresAt,
    };
  }
}
