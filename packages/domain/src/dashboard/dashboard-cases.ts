import type {
  CaseListQuery,
  CaseListRow,
  CaseSortKey,
  CaseSummary,
  CaseTab,
} from '@referral/dashboard-contract';
import type { CaseStatus } from '@referral/events';
import type { Queryable } from '@referral/db';
import { caseConditions, caseSelect, type CaseRow } from '../cases/case-query';
import { SqlParams } from '@referral/db';
import { orderBy, type ListWindow, type WindowOf } from './list-window';

/** When the case last moved: its newest timeline entry, else its last update. */
const LAST_ACTIVITY = `coalesce((SELECT max(ca.at) FROM case_activity ca WHERE ca.case_id = k.id), k.updated_at)`;

const sortColumns: Readonly<Record<CaseSortKey, string>> = {
  reference: 'k.reference',
  client: 'c.company_name',
  debtor: 'k.debtor_name',
  amount: 'k.amount_minor',
  status: 'k.status',
  collectionPartner: 'cp.name',
  createdAt: 'k.created_at',
  lastActivity: 'last_activity_at',
};

const tabStatuses: Readonly<Record<CaseTab, readonly CaseStatus[] | undefined>> = {
  all: undefined,
  active: ['active'],
  pending: ['pending'],
  closed: ['closed'],
  paused: ['paused'],
};

type Row = CaseRow & { last_activity_at: Date };

/** The Cases view of the partner dashboard: pages, CSV rows and cards. */
export class DashboardCases {
  constructor(private readonly db: Queryable) {}

  /** The rows of `window` in the query's sort, and how many the filter matches. */
  async list(
    partnerId: string,
    query: Omit<CaseListQuery, 'page'>,
    window: ListWindow,
  ): Promise<WindowOf<CaseListRow>> {
    const params = new SqlParams([partnerId]);
    const where = caseConditions(
      {
        statuses: tabStatuses[query.tab],
        search: query.search || undefined,
        from: query.from,
        to: query.to,
      },
      params,
    );
    const countValues = [...params.values];
    const [page, count] = await Promise.all([
      this.db.query<Row>(
        `${caseSelect(`${LAST_ACTIVITY} AS last_activity_at,`)}
         WHERE ${where}
         ${orderBy(sortColumns[query.sort], query.order, 'k.id')}
         LIMIT ${params.add(window.limit)} OFFSET ${params.add(window.offset)}`,
        params.values,
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM cases k WHERE ${where}`,
        countValues,
      ),
    ]);
    return { rows: page.rows.map(toRow), total: count.rows[0]!.total };
  }

  /** The cards: the partner's cases by status, over the date range only. */
  async summary(partnerId: string, range: { from?: string; to?: string }): Promise<CaseSummary> {
    const params = new SqlParams([partnerId]);
    const where = caseConditions({ from: range.from, to: range.to }, params);
    const { rows } = await this.db.query<{ status: CaseStatus; n: number }>(
      `SELECT k.status, count(*)::int AS n FROM cases k WHERE ${where} GROUP BY k.status`,
      params.values,
    );
    const summary: CaseSummary = { total: 0, active: 0, pending: 0, closed: 0, paused: 0 };
    for (const row of rows) {
      summary[row.status] = row.n;
      summary.total += row.n;
    }
    return summary;
  }
}

function toRow(row: Row): CaseListRow {
  return {
    reference: row.reference,
    clientId: row.client_id,
    clientName: row.client_name,
    debtorName: row.debtor_name,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    status: row.status,
    milestone: row.milestone,
    collectionPartner: row.cp_name,
    createdAt: row.created_at.toISOString(),
    lastActivityAt: row.last_activity_at.toISOString(),
  };
}
