import { newId, type PoolClient } from '@referral/db';
import { IsoDate, MinorUnits, NoFeeReason } from '@referral/events';
import { z } from 'zod';
import type { DomainContext } from '../context';
import { partnerEvent, type Emit } from '../outbox';
import { linksOf, type LinkRow } from '../links/client-links';
import { addActivity } from '../cases/case-history';
import { decideAttribution } from './attribution';
import { cumulativeShare } from './money';
import { announceStage } from './transaction-stages';

export const PaymentInput = z.strictObject({
  amountMinor: MinorUnits.positive('must be greater than 0').max(Number.MAX_SAFE_INTEGER),
  currency: z.string().trim().toUpperCase().describe('Must be the case’s invoice currency'),
  paidAt: IsoDate.describe('The day the debtor paid'),
});
export type PaymentInput = z.infer<typeof PaymentInput>;

/** One linked partner's share of a payout: its fee and the transaction that tracks it, or why none. */
export const PayoutAttribution = z.object({
  partnerId: z.uuid().nullable(),
  feeMinor: z.number().int().nullable(),
  noFeeReason: NoFeeReason.nullable(),
  transactionId: z.string().nullable(),
});
export type PayoutAttribution = z.infer<typeof PayoutAttribution>;

/** A recorded debtor payment: the platform's revenue from it and each linked partner's fee. */
export const RecordedPayout = z.object({
  id: z.string(),
  caseReference: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  paidAt: z.string(),
  commissionPercent: z.number(),
  platformRevenueMinor: z.number().int(),
  attributions: z.array(PayoutAttribution),
});
export type RecordedPayout = z.infer<typeof RecordedPayout>;

export type RecordPaymentOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'currency_mismatch'; expected: string }
  | { outcome: 'paid_in_future' }
  /** Collection never started: the case is pending, or was closed while pending. */
  | { outcome: 'case_not_started'; status: string; pendingReason: string | null }
  | { outcome: 'recorded'; payout: RecordedPayout };

interface CaseRow {
  id: string;
  reference: string;
  client_id: string;
  currency: string;
  source: 'partner_api' | 'web_app' | 'csv_import' | 'client_api_key' | 'integration';
  source_partner_id: string | null;
  commission_percent: string | null;
  status: string;
  pending_reason: string | null;
  started_at: Date | null;
  created_at: Date;
  minor_units: number;
}

/**
 * Debtor payments on a case. Each makes a payout: the platform's revenue
 * (the collection partner's commission), and per linked partner a referral
 * fee or the reason there is none, decided now and recorded for good.
 */
export class Payouts {
  constructor(private readonly ctx: DomainContext) {}

  record(reference: string, payment: PaymentInput): Promise<RecordPaymentOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      // The case lock orders a case's installments: each sees the ones before it.
      const { rows } = await tx.query<CaseRow>(
        `SELECT k.id, k.reference, k.client_id, k.currency, k.source, k.source_partner_id,
                k.commission_percent, k.status, k.pending_reason, k.started_at, k.created_at,
                r.minor_units
         FROM cases k JOIN fx_rates r ON r.currency = k.currency
         WHERE k.reference = $1 FOR UPDATE OF k`,
        [reference],
      );
      const kase = rows[0];
      if (!kase) return { outcome: 'not_found' };
      if (payment.currency !== kase.currency) {
        return { outcome: 'currency_mismatch', expected: kase.currency };
      }
      if (payment.paidAt > new Date().toISOString().slice(0, 10))
        return { outcome: 'paid_in_future' };
      if (kase.started_at === null) {
        return {
          outcome: 'case_not_started',
          status: kase.status,
          pendingReason: kase.pending_reason,
        };
      }
      // A started case was routed, so it has its commission.
      const commission = Number(kase.commission_percent);

      const before = await tx.query<{ paid: string; revenue: string }>(
        `SELECT coalesce(sum(amount_minor), 0) AS paid, coalesce(sum(platform_revenue_minor), 0) AS revenue
         FROM payouts WHERE case_id = $1`,
        [kase.id],
      );
      const revenue = cumulativeShare(
        BigInt(before.rows[0]!.paid) + BigInt(payment.amountMinor),
        commission,
        BigInt(before.rows[0]!.revenue),
      );
      const payoutId = newId('po');
      const { rows: inserted } = await tx.query<{ paid_at: Date }>(
        `INSERT INTO payouts (id, case_id, amount_minor, currency, paid_at, commission_percent,
                              platform_revenue_minor)
         VALUES ($1, $2, $3, $4, $5::date, $6, $7) RETURNING paid_at`,
        [
          payoutId,
          kase.id,
          payment.amountMinor,
          kase.currency,
          payment.paidAt,
          commission,
          revenue,
        ],
      );
      const paidAt = inserted[0]!.paid_at.toISOString();
      await addActivity(
        tx,
        kase.id,
        'payment',
        `Payment of ${formatMinor(payment.amountMinor, kase.minor_units)} ${kase.currency} received`,
      );

      const payout: RecordedPayout = {
        id: payoutId,
        caseReference: kase.reference,
        amountMinor: payment.amountMinor,
        currency: kase.currency,
        paidAt,
        commissionPercent: commission,
        platformRevenueMinor: Number(revenue),
        attributions: [],
      };
      const links = await linksOf(tx, kase.client_id);
      if (links.length === 0) {
        await tx.query(
          `INSERT INTO payout_attributions (id, payout_id, no_fee_reason) VALUES ($1, $2, 'no_link')`,
          [newId('att'), payoutId],
        );
        payout.attributions.push({
          partnerId: null,
          feeMinor: null,
          noFeeReason: 'no_link',
          transactionId: null,
        });
      }
      for (const link of links) {
        payout.attributions.push(await this.attribute(tx, emit, kase, payout, revenue, link));
      }
      return { outcome: 'recorded', payout };
    });
  }

  /** One partner's fee on the payout, or why none; the partner hears either way. */
  private async attribute(
    tx: PoolClient,
    emit: Emit,
    kase: CaseRow,
    payout: RecordedPayout,
    revenue: bigint,
    link: LinkRow,
  ): Promise<PayoutAttribution> {
    const decision = decideAttribution(
      {
        partnerId: link.partner_id,
        attribution: link.attribution,
        linkedAt: link.linked_at,
        archivedAt: link.archived_at,
      },
      { source: kase.source, sourcePartnerId: kase.source_partner_id, createdAt: kase.created_at },
    );
    const attributionId = newId('att');
    const base = {
      payoutId: payout.id,
      caseId: kase.id,
      caseReference: kase.reference,
      clientId: kase.client_id,
      paymentAmountMinor: payout.amountMinor,
      currency: payout.currency,
      paidAt: payout.paidAt,
      platformRevenueMinor: payout.platformRevenueMinor,
    };
    if (!decision.earns) {
      await tx.query(
        `INSERT INTO payout_attributions (id, payout_id, partner_id, link_id, no_fee_reason)
         VALUES ($1, $2, $3, $4, $5)`,
        [attributionId, payout.id, link.partner_id, link.id, decision.reason],
      );
      await emit(
        partnerEvent(link.partner_id, 'payout.created', {
          ...base,
          referralFee: null,
          noFeeReason: decision.reason,
        }),
      );
      return {
        partnerId: link.partner_id,
        feeMinor: null,
        noFeeReason: decision.reason,
        transactionId: null,
      };
    }

    // The fee, like the revenue, is allocated on the running total of this
    // link's fee-earning payouts on the case, so installments add up exactly.
    const feePercent = Number(link.fee_percent);
    const earlier = await tx.query<{ revenue: string; fees: string }>(
      `SELECT coalesce(sum(p.platform_revenue_minor), 0) AS revenue,
              coalesce(sum(a.fee_minor), 0) AS fees
       FROM payout_attributions a JOIN payouts p ON p.id = a.payout_id
       WHERE p.case_id = $1 AND a.link_id = $2 AND a.fee_minor IS NOT NULL`,
      [kase.id, link.id],
    );
    const fee = cumulativeShare(
      BigInt(earlier.rows[0]!.revenue) + revenue,
      feePercent,
      BigInt(earlier.rows[0]!.fees),
    );
    await tx.query(
      `INSERT INTO payout_attributions (id, payout_id, partner_id, link_id, fee_percent, fee_minor)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [attributionId, payout.id, link.partner_id, link.id, feePercent, fee],
    );
    const transactionId = newId('txn');
    const { rows } = await tx.query<{ usd: string; created_at: Date }>(
      `INSERT INTO transactions (id, attribution_id, partner_id, stage)
       VALUES ($1, $2, $3, 'pending') RETURNING usd_minor($4, $5) AS usd, created_at`,
      [transactionId, attributionId, link.partner_id, fee, payout.currency],
    );
    const usdMinor = Number(rows[0]!.usd);
    await emit(
      partnerEvent(link.partner_id, 'payout.created', {
        ...base,
        referralFee: {
          amountMinor: Number(fee),
          currency: payout.currency,
          usdMinor,
          feePercentage: feePercent,
        },
        noFeeReason: null,
      }),
    );
    await announceStage(emit, {
      transactionId,
      partnerId: link.partner_id,
      payoutId: payout.id,
      caseReference: kase.reference,
      previousStage: null,
      stage: 'pending',
      usdMinor,
      usdLocked: false,
      changedAt: rows[0]!.created_at,
    });
    return {
      partnerId: link.partner_id,
      feeMinor: Number(fee),
      noFeeReason: null,
      transactionId,
    };
  }
}

/** (123456, 2) → "1234.56": the timeline shows exact amounts, never floats. */
function formatMinor(amountMinor: number, digits: number): string {
  if (digits === 0) return String(amountMinor);
  const text = String(amountMinor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
