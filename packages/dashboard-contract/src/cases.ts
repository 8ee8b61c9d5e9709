import {
  CaseMilestone,
  CasePendingReason,
  CaseStatus,
  ContractType,
  NoFeeReason,
  TransactionStage,
} from '@referral/events';
import { z } from 'zod';
import { listPage, listSearchFields } from './common';

export const CaseTab = z.enum(['all', 'active', 'pending', 'closed', 'paused']);
export type CaseTab = z.infer<typeof CaseTab>;

export const CaseSortKey = z.enum([
  'reference',
  'client',
  'debtor',
  'amount',
  'status',
  'collectionPartner',
  'createdAt',
  'lastActivity',
]);
export type CaseSortKey = z.infer<typeof CaseSortKey>;

/** The Cases view's URL search params; also the query of its API and CSV export. */
export const CaseListQuery = z.object({
  tab: CaseTab.default('all'),
  sort: CaseSortKey.default('createdAt'),
  ...listSearchFields,
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseListRow = z.object({
  reference: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  debtorName: z.string(),
  amountMinor: z.int(),
  currency: z.string(),
  status: CaseStatus,
  milestone: CaseMilestone,
  collectionPartner: z.string().nullable(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
});
export type CaseListRow = z.infer<typeof CaseListRow>;

export const CaseListPage = listPage(CaseListRow);
export type CaseListPage = z.infer<typeof CaseListPage>;

/** The Cases view's cards, over the date range (not the tab or search). */
export const CaseSummary = z.object({
  total: z.int(),
  active: z.int(),
  pending: z.int(),
  closed: z.int(),
  paused: z.int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const SignatureStatus = z.object({
  required: z.boolean(),
  signed: z.boolean(),
  signedAt: z.string().nullable(),
});

/** A payout of the case: the partner's fee, or why it earned none and what to do. */
export const CasePayoutView = z.object({
  id: z.string(),
  amountMinor: z.int(),
  currency: z.string(),
  paidAt: z.string(),
  platformRevenueMinor: z.int(),
  fee: z
    .object({
      amountMinor: z.int(),
      feePercent: z.number(),
      usdMinor: z.int(),
      usdLocked: z.boolean(),
      stage: TransactionStage,
    })
    .nullable(),
  noFee: z
    .object({
      reason: NoFeeReason,
      explanation: z.string().describe('Why, in plain words'),
      whatYouCanDo: z.string(),
    })
    .nullable(),
});
export type CasePayoutView = z.infer<typeof CasePayoutView>;

/** `GET /dashboard/api/cases/{reference}`. */
export const CaseDetailView = z.object({
  reference: z.string(),
  status: CaseStatus,
  pendingReason: CasePendingReason.nullable(),
  milestone: CaseMilestone,
  clientId: z.string(),
  clientName: z.string(),
  externalTenantId: z.string(),
  debtor: z.object({ name: z.string(), type: z.string(), country: z.string() }),
  invoice: z.object({
    number: z.string(),
    amountMinor: z.int(),
    currency: z.string(),
    issueDate: z.string(),
    dueDate: z.string(),
  }),
  remainingBalanceMinor: z.int().describe('Invoice amount less payments, in the invoice currency'),
  collectionStartedAt: z.string().nullable(),
  collectionPartner: z.string().nullable(),
  /** The four milestones in order; `at` is null when not reached or not recorded. */
  milestones: z.array(
    z.object({ milestone: CaseMilestone, reached: z.boolean(), at: z.string().nullable() }),
  ),
  sdca: SignatureStatus,
  powerOfAttorney: SignatureStatus,
  contracts: z.array(
    z.object({ type: ContractType, signed: z.boolean(), signedAt: z.string().nullable() }),
  ),
  kycVerified: z.boolean(),
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), summary: z.string() })),
  messages: z.array(
    z.object({
      id: z.string(),
      from: z.enum(['client', 'collection_partner']),
      body: z.string(),
      sentAt: z.string(),
    }),
  ),
  payouts: z.array(CasePayoutView),
  revenue: z.object({
    collectedMinor: z.int(),
    platformRevenueMinor: z.int(),
    referralFeeMinor: z.int(),
    referralFeeUsdMinor: z.int(),
  }),
});
export type CaseDetailView = z.infer<typeof CaseDetailView>;
