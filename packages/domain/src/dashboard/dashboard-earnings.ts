import type {
  EarningsListQuery,
  EarningsRow,
  EarningsSortKey,
  EarningsSummary,
} from '@referral/dashboard-contract';
import { COUNT_CAP } from '@referral/dashboard-contract';
import { countUpTo, readSnapshot, type Pool } from '@referral/db';
import { TransactionStage } from '@referral/events';
import {
  FEE_USD,
  TRANSACTION_FROM,
  transactionConditions,
  transactionCountFrom,
  type TransactionConditions,
} from '../payouts/reporting';
import { SqlParams } from '@referral/db';
import { caseSearch } from '../sql-like';
import { windowQuery, type ListWindow, type WindowOf } from './list-window';

// Output columns of the fee query.
const sortColumns: Readonly<Record<EarningsSortKey, string>> = {
  caseReference: 'reference',
  client: 'client_name',
  invoiceAmount: 'invoice_amount_minor',
  platformRevenue: 'platform_revenue_minor',
  referralFeeUsd: 'usd_minor',
  stage: 'stage',
  collectionPartner: 'cp_name',
  paidAt: 'paid_at',
};

// Sort columns a fee row holds itself, by output name.
const feeColumns: Readonly<Record<string, string>> = { paid_at: 't.paid_at', stage: 't.stage' };

/** Stages the "pending" card adds up: the amount still floats with FX. */
const PENDING_STAGES: readonly TransactionStage[] = [
  'pending',
  'confirmed',
  'awaiting_collection_partner',
];

interface Row {
  id: string;
  reference: string;
  client_name: string;
  currency: string;
  invoice_amount_minor: string;
  platform_revenue_minor: string;
  fee_minor: string;
  usd_minor: string;
  usd_locked: boolean;
  stage: TransactionStage;
  cp_name: string;
  paid_at: Date;
}

type Filter = Omit<EarningsListQuery, 'page'>;
/** The fee filters with the search as typed (resolved inside the read). */
type FeeFilter = Omit<TransactionConditions, 'search'> & { search?: string | undefined };

/** The Earnings view of the partner dashboard: the partner's fees, pages, CSV rows and cards. */
export class DashboardEarnings {
  constructor(private readonly pool: Pool) {}

  async list(partnerId: string, query: Filter, window: ListWindow): Promise<WindowOf<EarningsRow>> {
    return this.rows(
      partnerId,
      {
        stages: query.tab === 'all' ? undefined : [query.tab],
        search: query.search || undefined,
        from: query.from,
        to: query.to,
      },
      { column: sortColumns[query.sort], order: query.order },
      window,
    );
  }

  /** Every fee ready to invoice (up to `limit`), oldest payment first: the invoice's lines. */
  invoiceable(partnerId: string, limit: number): Promise<WindowOf<EarningsRow>> {
    return this.rows(
      partnerId,
      { stages: ['ready_to_invoice'] },
      { column: 'paid_at', order: 'asc' },
      { offset: 0, limit },
    );
  }

  /** The cards, the monthly chart and the invoice total, over the date range only. */
  async summary(
    partnerId: string,
    range: { from?: string; to?: string },
  ): Promise<EarningsSummary> {
    const params = new SqlParams([partnerId]);
    const where = transactionConditions({ from: range.from, to: range.to }, params);
    const { rows } = await this.pool.query<{
      month: string;
      stage: TransactionStage;
      n: number;
      usd: string;
    }>(
      `SELECT to_char(date_trunc('month', t.paid_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              t.stage, count(*)::int AS n, sum(${FEE_USD})::bigint AS usd
       ${TRANSACTION_FROM} WHERE ${where}
       GROUP BY 1, 2 ORDER BY 1`,
      params.values,
    );
    const zero = () =>
      Object.fromEntries(TransactionStage.options.map((s) => [s, 0])) as Record<
        TransactionStage,
        number
      >;
    const byStage = zero();
    const count = zero();
    const monthly = new Map<string, Record<TransactionStage, number>>();
    for (const row of rows) {
      const usd = Number(row.usd);
      byStage[row.stage] += usd;
      count[row.stage] += row.n;
      const month = monthly.get(row.month) ?? zero();
      month[row.stage] += usd;
      monthly.set(row.month, month);
    }
    return {
      totalEarnedUsdMinor: TransactionStage.options.reduce((sum, s) => sum + byStage[s], 0),
      readyToInvoiceUsdMinor: byStage.ready_to_invoice,
      awaitingPaymentUsdMinor: byStage.awaiting_platform_payment,
      pendingUsdMinor: PENDING_STAGES.reduce((sum, s) => sum + byStage[s], 0),
      monthly: [...monthly].map(([month, stages]) => ({ month, byStage: stages })),
      invoiceable: { count: count.ready_to_invoice, usdMinor: byStage.ready_to_invoice },
    };
  }

  private async rows(
    partnerId: string,
    { search: term, ...rest }: FeeFilter,
    sort: { column: string; order: 'asc' | 'desc' },
    window: ListWindow,
  ): Promise<WindowOf<EarningsRow>> {
    return readSnapshot(this.pool, async (db) => {
      const filter: TransactionConditions = {
        ...rest,
        search: term ? await caseSearch(db, partnerId, term) : undefined,
      };
      const params = new SqlParams([partnerId]);
      const where = transactionConditions(filter, params);
      const count = await countUpTo(
        db,
        `${transactionCountFrom(filter)} WHERE ${where}`,
        params.values,
        COUNT_CAP,
      );
      const ownColumn = feeColumns[sort.column];
      const page = await db.query<Row>(
        windowQuery(
          `SELECT t.id, k.reference, c.company_name AS client_name, p.currency,
                  k.amount_minor AS invoice_amount_minor, p.platform_revenue_minor, a.fee_minor,
                  ${FEE_USD} AS usd_minor, t.usd_minor IS NOT NULL AS usd_locked, t.stage,
                  cp.name AS cp_name, t.paid_at
           ${TRANSACTION_FROM} WHERE ${where}`,
          count,
          { column: sort.column, order: sort.order, idColumn: 'id' },
          { limit: params.add(window.limit), offset: params.add(window.offset) },
          ownColumn
            ? {
                from: `${transactionCountFrom(filter)} WHERE ${where}`,
                column: ownColumn,
                idColumn: 't.id',
              }
            : undefined,
        ),
        params.values,
      );
      return { rows: page.rows.map(toRow), total: count.total, totalCapped: count.capped };
    });
  }
}

function toRow(row: Row): EarningsRow {
  return {
    transactionId: row.id,
    caseReference: row.reference,
    clientName: row.client_name,
    currency: row.currency,
    invoiceAmountMinor: Number(row.invoice_amount_minor),
    platformRevenueMinor: Number(row.platform_revenue_minor),
    referralFeeMinor: Number(row.fee_minor),
    referralFeeUsdMinor: Number(row.usd_minor),
    usdLocked: row.usd_locked,
    stage: row.stage,
    collectionPartner: row.cp_name,
    paidAt: row.paid_at.toISOString(),
  };
}
