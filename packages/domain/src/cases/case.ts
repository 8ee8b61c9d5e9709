import { z } from 'zod';
import {
  CaseMilestone,
  CasePendingReason,
  CaseSource,
  CaseStatus,
  CollectionPartnerRef,
  ContractType,
  CountryCode,
  CurrencyCode,
  DebtorType,
  IsoDate,
  NoFeeReason,
  ReportingStage,
  TransactionStage,
} from '@referral/events';

const text = (max: number) => z.string().trim().min(1).max(max);

export const DebtorAddress = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  postalCode: text(20),
  city: text(100),
});
export type DebtorAddress = z.infer<typeof DebtorAddress>;

export const DebtorInput = z
  .strictObject({
    name: text(200),
    type: DebtorType,
    country: z
      .string()
      .trim()
      .toUpperCase()
      .pipe(CountryCode)
      .describe("The debtor's jurisdiction: it decides the collection partner and the contracts"),
    email: z.email().max(254).optional(),
    address: DebtorAddress.optional(),
  })
  // Checked even when other fields fail, so one answer names every problem.
  .refine((d) => d.email !== undefined || d.address !== undefined, {
    path: ['email'],
    message: 'give the debtor’s email or postal address (or both)',
    when: ({ value }) => typeof value === 'object' && value !== null,
  });

export const InvoiceInput = z
  .strictObject({
    number: text(100).describe('Your invoice number; one case per invoice'),
    amountMinor: z
      .int()
      .positive('must be greater than 0')
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Amount owed in minor units (cents)'),
    currency: z.string().trim().toUpperCase().pipe(CurrencyCode),
    issueDate: IsoDate,
    dueDate: IsoDate,
  })
  .refine((i) => i.dueDate >= i.issueDate, {
    path: ['dueDate'],
    message: 'must not be before issueDate',
  });

/** `POST /v1/cases`: what a client (through its partner) sends to open a case. */
export const CreateCaseInput = z.strictObject({
  debtor: DebtorInput,
  invoice: InvoiceInput,
  allowPendingContracts: z
    .boolean()
    .default(false)
    .describe(
      'Create the case pending when contracts are missing, instead of answering 422; it starts once they are signed',
    ),
});
export type CreateCaseInput = z.infer<typeof CreateCaseInput>;

/** Cases from the client's other channels; operators and tests enter them through the admin API. */
export const OtherCaseSource = CaseSource.exclude(['partner_api']);
export type OtherCaseSource = z.infer<typeof OtherCaseSource>;

export const AdminCreateCaseInput = CreateCaseInput.extend({
  clientId: text(255),
  source: OtherCaseSource,
});
export type AdminCreateCaseInput = z.infer<typeof AdminCreateCaseInput>;

/** A case as anyone may see it; partners and operators each add their part. */
export const Case = z.object({
  id: z.string(),
  reference: z.string().describe('DEB-<number>'),
  clientId: z.string(),
  clientName: z.string(),
  status: CaseStatus,
  milestone: CaseMilestone,
  pendingReason: CasePendingReason.nullable(),
  source: CaseSource,
  debtor: z.object({
    name: z.string(),
    type: DebtorType,
    country: z.string(),
    email: z.string().nullable(),
    address: DebtorAddress.nullable(),
  }),
  invoice: z.object({
    number: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    issueDate: z.string(),
    dueDate: z.string(),
  }),
  collectionPartner: CollectionPartnerRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Case = z.infer<typeof Case>;

export const PartnerCase = Case.extend({
  externalTenantId: z.string().describe('Your id for the client'),
  createdWithYourToken: z
    .boolean()
    .describe('True when the case came through the customer API with a token you minted'),
});
export type PartnerCase = z.infer<typeof PartnerCase>;

export const AdminCase = Case.extend({
  sourcePartnerId: z.uuid().nullable().describe('The partner whose customer token created it'),
});
export type AdminCase = z.infer<typeof AdminCase>;

export const ContractStatus = z.object({
  type: ContractType,
  status: z.enum(['signed', 'missing']),
  signedAt: z.string().nullable(),
});

export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.enum(['created', 'status_changed', 'payment', 'message']),
  summary: z.string(),
});

export const MessageSender = z.enum(['client', 'collection_partner']);
export const CaseMessage = z.object({
  id: z.string(),
  from: MessageSender,
  body: z.string(),
  sentAt: z.string(),
});
export type CaseMessage = z.infer<typeof CaseMessage>;

export const CaseMessageInput = z.strictObject({ from: MessageSender, body: text(5000) });
export type CaseMessageInput = z.infer<typeof CaseMessageInput>;

/** One payout as the partner sees it: its fee, or why it earned none. */
export const PartnerPayout = z.object({
  id: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  paidAt: z.string(),
  platformRevenueMinor: z.number().int(),
  referralFee: z
    .object({
      transactionId: z.string(),
      amountMinor: z.number().int(),
      feePercent: z.number(),
      usdMinor: z.number().int(),
      usdLocked: z.boolean(),
      stage: TransactionStage,
      reportingStage: ReportingStage,
    })
    .nullable(),
  noFeeReason: NoFeeReason.nullable(),
  noFeeExplanation: z.string().nullable().describe('Why there is no fee, in words support uses'),
});
export type PartnerPayout = z.infer<typeof PartnerPayout>;

export const CaseDetail = PartnerCase.extend({
  contracts: z
    .array(ContractStatus)
    .describe('What the debtor’s jurisdiction needs, and whether signed'),
  kycVerified: z.boolean(),
  payouts: z.array(PartnerPayout),
  totals: z.object({
    collectedMinor: z.number().int().describe('Sum of payments, in the invoice currency'),
    referralFeeMinor: z.number().int().describe('Your fees on them, in the invoice currency'),
  }),
  timeline: z.array(TimelineEntry),
  messages: z.array(CaseMessage),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseSort = z.enum(['-createdAt', 'createdAt', '-amount', 'amount']);
export type CaseSort = z.infer<typeof CaseSort>;

export const CaseFilter = z.object({
  status: CaseStatus.optional(),
  search: text(200)
    .optional()
    .describe(
      'Part of the reference, the debtor’s name or the client’s name (under 3 characters: the start of a word)',
    ),
  from: IsoDate.optional().describe('Created on or after this date (UTC)'),
  to: IsoDate.optional().describe('Created on or before this date (UTC)'),
  clientId: text(255).optional(),
  sort: CaseSort.default('-createdAt').describe('Field to sort by; a leading - sorts descending'),
});
export type CaseFilter = z.infer<typeof CaseFilter>;

export const CaseProgressInput = z
  .strictObject({
    status: CaseStatus.exclude(['pending']).optional(),
    milestone: CaseMilestone.optional(),
    reason: text(500).optional().describe('Shown on the timeline and in case.status_changed'),
  })
  .refine((p) => p.status !== undefined || p.milestone !== undefined, {
    path: ['status'],
    message: 'give a status or a milestone to move to',
  });
export type CaseProgressInput = z.infer<typeof CaseProgressInput>;
