import { z } from 'zod';
import { NoFeeReason } from '../domain-enums';
import {
  CaseReference,
  CurrencyCode,
  EntityId,
  IsoDateTime,
  MinorUnits,
  Percentage,
} from '../primitives';
import { defineEvent } from './define-event';

/** The partner's share of the platform's revenue on one payout. */
export const ReferralFee = z.object({
  amountMinor: MinorUnits.describe('Fee in the payout currency, minor units'),
  currency: CurrencyCode,
  usdMinor: MinorUnits.describe('Fee in US cents (floats with FX until the stage locks it)'),
  feePercentage: Percentage.describe('Fee % snapshotted on the link'),
});
export type ReferralFee = z.infer<typeof ReferralFee>;

// Invariant: a payout either earns a fee or says why it does not, never both.
export const PayoutCreatedData = z
  .object({
    payoutId: EntityId,
    caseId: EntityId,
    caseReference: CaseReference,
    clientId: EntityId,
    paymentAmountMinor: MinorUnits.describe('What the debtor paid, minor units'),
    currency: CurrencyCode,
    paidAt: IsoDateTime,
    platformRevenueMinor: MinorUnits.describe("The platform's revenue on this payment"),
    referralFee: ReferralFee.nullable().describe('Null when the payout earns no fee'),
    noFeeReason: NoFeeReason.nullable().describe('Why there is no fee; null when there is one'),
  })
  .refine((d) => (d.referralFee === null) !== (d.noFeeReason === null), {
    error: 'exactly one of referralFee and noFeeReason must be set',
    path: ['noFeeReason'],
  });
export type PayoutCreatedData = z.infer<typeof PayoutCreatedData>;

export const payoutEvents = [
  defineEvent({
    type: 'payout.created',
    description:
      'A debtor paid (in full or an installment); carries the referral fee, or why none is due.',
    dataSchema: PayoutCreatedData,
    example: {
      payoutId: 'po_Qx81NwTe3s',
      caseId: 'case_Jd72LmQa0c',
      caseReference: 'DEB-10482',
      clientId: 'cli_8f3kq2ZxN1',
      paymentAmountMinor: 125000,
      currency: 'EUR',
      paidAt: '2025-05-06T07:48:19.000Z',
      platformRevenueMinor: 18750,
      referralFee: { amountMinor: 3750, currency: 'EUR', usdMinor: 4050, feePercentage: 20 },
      noFeeReason: null,
    },
  }),
] as const;
