import { TransactionStage } from '@referral/events';
import { z } from 'zod';
import { listPage, listSearchFields } from './common';

export const EarningsTab = z.enum(['all', ...TransactionStage.options]);
export type EarningsTab = z.infer<typeof EarningsTab>;

export const EarningsSortKey = z.enum([
  'caseReference',
  'client',
  'invoiceAmount',
  'platformRevenue',
  'referralFeeUsd',
  'stage',
  'collectionPartner',
  'paidAt',
]);
export type EarningsSortKey = z.infer<typeof EarningsSortKey>;

/** The Earnings view's URL search params; dates are the payment date. */
export const EarningsListQuery = z.object({
  tab: EarningsTab.default('all'),
  sort: EarningsSortKey.default('paidAt'),
  ...listSearchFields,
});
export type EarningsListQuery = z.infer<typeof EarningsListQuery>;

export const EarningsRow = z.object({
  transactionId: z.string(),
  caseReference: z.string(),
  clientName: z.string(),
  currency: z.string(),
  invoiceAmountMinor: z.int(),
  platformRevenueMinor: z.int(),
  referralFeeMinor: z.int(),
  referralFeeUsdMinor: z.int(),
  usdLocked: z.boolean(),
  stage: TransactionStage,
  collectionPartner: z.string(),
  paidAt: z.string(),
});
export type EarningsRow = z.infer<typeof EarningsRow>;

export const EarningsPage = listPage(EarningsRow);
export type EarningsPage = z.infer<typeof EarningsPage>;

/** The Earnings cards, chart and invoice total, over the date range; all US cents. */
export const EarningsSummary = z.object({
  totalEarnedUsdMinor: z.int(),
  readyToInvoiceUsdMinor: z.int(),
  awaitingPaymentUsdMinor: z.int(),
  pendingUsdMinor: z.int().describe('Pending, confirmed and awaiting the collection partner'),
  /** One entry per month with fees, oldest first; `YYYY-MM` of the payment date. */
  monthly: z.array(z.object({ month: z.string(), byStage: z.record(TransactionStage, z.int()) })),
  /** What the partner can invoice now: every fee ready to invoice (the CSV at `invoiceCsv`). */
  invoiceable: z.object({ count: z.int(), usdMinor: z.int() }),
});
export type EarningsSummary = z.infer<typeof EarningsSummary>;
