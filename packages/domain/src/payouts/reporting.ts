import { decodeCursor, idCursor, pageOf, toPage } from '@referral/db';
import {
  CollectionPartnerRef,
  IsoDate,
  ReportingStage,
  reportingStageOf,
  TransactionStage,
} from '@referral/events';
import { z } from 'zod';
import type { DomainContext } from '../context';

export const TransactionFilter = z.object({
  stage: TransactionStage.optional(),
  reportingStage: ReportingStage.optional(),
  from: IsoDate.optional().describe('Paid on or after this date (UTC)'),
  to: IsoDate.optional().describe('Paid on or before this date (UTC)'),
  clientId: z.string().min(1).max(255).optional(),
  caseReference: z.string().min(1).max(50).optional(),
});
export type TransactionFilter = z.infer<typeof TransactionFilter>;

export const ReportedTransaction = z.object({
  transactionId: z.string(),
  payoutId: z.string(),
  caseReference: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  currency: z.string().describe('The invoice currency; every *Minor amount but USD is in it'),
  invoiceAmountMinor: z.number().int(),
  paymentAmountMinor: z.number().int(),
  paidAt: z.string(),
  platformRevenueMinor: z.number().int(),
  referralFeeMinor: z.number().int(),
  feePercent: z.number(),
  referralFeeUsdMinor: z.number().int().describe('US cents; floats with FX until locked'),
  usdLocked: z.boolean(),
  stage: TransactionStage,
  reportingStage: ReportingStage,
  collectionPartner: CollectionPartnerRef,
});
export type ReportedTransaction = z.infer<typeof ReportedTransaction>;

const StageTotal = z.object({
  count: z.number().int(),
  referralFeeUsdMinor: z.number().int(),
});

export const TransactionTotals = z.object({
  currency: z.literal('USD'),
  count: z.number().int(),
  referralFeeUsdMinor: z.number().int(),
  byStage: z.record(TransactionStage, StageTotal),
  byReportingStage: z.record(ReportingStage, StageTotal),
});
export type TransactionTotals = z.infer<typeof TransactionTotals>;

export const TransactionReport = pageOf(ReportedTransaction).extend({
  totals: TransactionTotals.describe(
    'Over every transaction the filters match, not just this page',
  ),
});
export type TransactionReport = z.infer<typeof TransactionReport>;

interface Row {
  id: string;
  payout_id: string;
  reference: string;
  client_id: string;
  client_name: string;
  currency: string;
  invoice_amount_minor: string;
  payment_amount_minor: string;
  paid_at: Date;
  platform_revenue_minor: string;
  fee_minor: string;
  fee_percent: string;
  usd_minor: string;
  usd_locked: boolean;
  stage: TransactionStage;
  cp_id: string;
  cp_name: string;
}

// Filters shared by the page and its totals; $1 is the partner.
const FROM_WHERE = `
  FROM transactions t
  JOIN payout_attributions a ON a.id = t.attribution_id
  JOIN payouts p ON p.id = a.payout_id
  JOIN cases k ON k.id = p.case_id
  JOIN clients c ON c.id = k.client_id
  JOIN collection_partners cp ON cp.id = k.collection_partner_id
  WHERE t.partner_id = $1
    AND ($2::text IS NULL OR t.stage = $2)
    AND ($3::text[] IS NULL OR t.stage = ANY($3::text[]))
    AND ($4::date IS NULL OR p.paid_at >= $4::date)
    AND ($5::date IS NULL OR p.paid_at < $5::date + 1)
    AND ($6::text IS NULL OR k.client_id = $6)
    AND ($7::text IS NULL OR k.reference = $7)`;

// A locked amount stays; the rest is converted at today's rate.
const USD = `coalesce(t.usd_minor, usd_minor(a.fee_minor, p.currency))`;

/** A partner's referral fees with their revenue stages: `GET /v1/reporting/transactions`. */
export class Reporting {
  constructor(private readonly ctx: DomainContext) {}

  async transactions(
    partnerId: string,
    filter: TransactionFilter,
    { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
  ): Promise<TransactionReport> {
    const reportingStages = filter.reportingStage
      ? TransactionStage.options.filter((s) => reportingStageOf(s) === filter.reportingStage)
      : null;
    const params = [
      partnerId,
      filter.stage ?? null,
      reportingStages,
      filter.from ?? null,
      filter.to ?? null,
      filter.clientId ?? null,
      filter.caseReference ?? null,
    ];
    const [page, totals] = await Promise.all([
      this.ctx.pool.query<Row>(
        `SELECT t.id, a.payout_id, k.reference, k.client_id, c.company_name AS client_name,
                p.currency, k.amount_minor AS invoice_amount_minor,
                p.amount_minor AS payment_amount_minor, p.paid_at, p.platform_revenue_minor,
                a.fee_minor, a.fee_percent, ${USD} AS usd_minor,
                t.usd_minor IS NOT NULL AS usd_locked, t.stage, cp.id AS cp_id, cp.name AS cp_name
         ${FROM_WHERE}
           AND ($8::text IS NULL OR t.id < $8)
         ORDER BY t.id DESC LIMIT $9`,
        [...params, (cursor && decodeCursor(cursor)) ?? null, limit + 1],
      ),
      this.ctx.pool.query<{ stage: TransactionStage; count: number; usd: string }>(
        `SELECT t.stage, count(*)::int AS count, sum(${USD}) AS usd ${FROM_WHERE} GROUP BY t.stage`,
        params,
      ),
    ]);
    return { ...toPage(page.rows, limit, toReported, idCursor), totals: toTotals(totals.rows) };
  }
}

function toReported(row: Row): ReportedTransaction {
  return {
    transactionId: row.id,
    payoutId: row.payout_id,
    caseReference: row.reference,
    clientId: row.client_id,
    clientName: row.client_name,
    currency: row.currency,
    invoiceAmountMinor: Number(row.invoice_amount_minor),
    paymentAmountMinor: Number(row.payment_amount_minor),
    paidAt: row.paid_at.toISOString(),
    platformRevenueMinor: Number(row.platform_revenue_minor),
    referralFeeMinor: Number(row.fee_minor),
    feePercent: Number(row.fee_percent),
    referralFeeUsdMinor: Number(row.usd_minor),
    usdLocked: row.usd_locked,
    stage: row.stage,
    reportingStage: reportingStageOf(row.stage),
    collectionPartner: { id: row.cp_id, name: row.cp_name },
  };
}

function toTotals(rows: { stage: TransactionStage; count: number; usd: string }[]) {
  const zero = () => ({ count: 0, referralFeeUsdMinor: 0 });
  const byStage = Object.fromEntries(TransactionStage.options.map((s) => [s, zero()])) as Record<
    TransactionStage,
    { count: number; referralFeeUsdMinor: number }
  >;
  const byReportingStage = Object.fromEntries(
    ReportingStage.options.map((s) => [s, zero()]),
  ) as Record<ReportingStage, { count: number; referralFeeUsdMinor: number }>;
  let count = 0;
  let usd = 0;
  for (const row of rows) {
    const amount = Number(row.usd);
    for (const bucket of [byStage[row.stage], byReportingStage[reportingStageOf(row.stage)]]) {
      bucket.count += row.count;
      bucket.referralFeeUsdMinor += amount;
    }
    count += row.count;
    usd += amount;
  }
  return { currency: 'USD' as const, count, referralFeeUsdMinor: usd, byStage, byReportingStage };
}
