import type {
  CaseListQuery,
  CaseListRow,
  CaseSortKey,
  CaseSummary,
  CaseTab,
} from '@referral/dashboard-contract';
import type { CaseStatus } from '@referral/events';
import { COUNT_CAP } from '@referral/dashboard-contract';
import { countUpTo, readSnapshot, type Pool } from '@referral/db';
import { caseConditions, caseSelect, type CaseRow } from '../cases/case-query';
import { SqlParams } from '@referral/db';
import { caseSearch } from '../sql-like';
import { windowQuery, type ListWindow, type WindowOf } from './list-window';

// Output columns of caseSelect; and the case's own, where the sort is on it.
const caseColumns: Readonly<Partial<Record<CaseSortKey, string>>> = {
  reference: 'k.reference',
  debtor: 'k.debtor_name',
  amount: 'k.amount_minor',
  status: 'k.status',
  createdAt: 'k.created_at',
  lastActivity: 'k.last_activity_at',
};
const sortColumns: Readonly<Record<CaseSortKey, string>> = {
  reference: 'reference',
  client: 'client_name',
  debtor: 'debtor_name',
  amount: 'amount_minor',
  status: 'status',
  collectionPartner: 'cp_name',
  createdAt: 'created_at',
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
  constructor(private readonly pool: Pool) {}

  /** The rows of `window` in the query's sort, and how many the filter matches. */
  async list(
    partnerId: string,
    query: Omit<CaseListQuery, 'page'>,
    window: ListWindow,
  ): Promise<WindowOf<CaseListRow>> {
    return readSnapshot(this.pool, async (db) => {
      const params = new SqlParams([partnerId]);
      const where = caseConditions(
        {
          statuses: tabStatuses[query.tab],
          search: query.search ? await caseSearch(db, partnerId, query.search) : undefined,
          from: query.from,
          to: query.to,
        },
        params,
      );
      const count = await countUpTo(db, `FROM cases k WHERE ${where}`, params.values, COUNT_CAP);
      const ownColumn = caseColumns[query.sort];
      const page = await db.query<Row>(
        windowQuery(
          `${caseSelect('k.last_activity_at,')} WHERE ${where}`,
          count,
          { column: sortColumns[query.sort], order: query.order, idColumn: 'id' },
          { limit: params.add(window.limit), offset: params.add(window.offset) },
          ownColumn
            ? { from: `FROM cases k WHERE ${where}`, column: ownColumn, idColumn: 'k.id' }
            : undefined,
        ),
        params.values,
      );
      return { rows: page.rows.map(toRow), total: count.total, totalCapped: count.capped };
    });
  }

  /** The cards: the partner's cases by status, over the date range only. */
  async summary(partnerId: string, range: { from?: string; to?: string }): Promise<CaseSummary> {
    const params = new SqlParams([partnerId]);
    const where = caseConditions({ from: range.from, to: range.to }, params);
    const { rows } = await this.pool.query<{ status: CaseStatus; n: number }>(
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
