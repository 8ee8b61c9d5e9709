import type { CaseDetailView, CasePayoutView } from '@referral/dashboard-contract';
import type { Queryable } from '@referral/db';
import { CaseMilestone } from '@referral/events';
import type { CaseDetail, PartnerPayout } from '../cases/case';
import { milestoneMovedTo } from '../cases/case-history';
import type { CaseReads } from '../cases/case-reads';
import { noFeeAdvice } from '../payouts/attribution';

/**
 * The Case Detail view: the domain's case detail (what `GET /v1/cases/{ref}`
 * shows) with what the dashboard adds: milestone dates, balance, signatures.
 */
export class DashboardCaseDetail {
  constructor(
    private readonly db: Queryable,
    private readonly cases: CaseReads,
  ) {}

  /** Undefined when the case is not one of the partner's (another partner's reads the same). */
  async get(partnerId: string, reference: string): Promise<CaseDetailView | undefined> {
    const detail = await this.cases.detail(partnerId, reference);
    if (!detail) return undefined;
    const { rows } = await this.db.query<{ started_at: Date | null; created_at: Date }>(
      `SELECT started_at, created_at FROM cases WHERE id = $1`,
      [detail.id],
    );
    const startedAt = rows[0]!.started_at?.toISOString() ?? null;
    const contract = (type: CaseDetail['contracts'][number]['type']) => {
      const found = detail.contracts.find((c) => c.type === type);
      return {
        required: found !== undefined,
        signed: found?.status === 'signed',
        signedAt: found?.signedAt ?? null,
      };
    };
    const fees = detail.payouts.flatMap((p) => (p.referralFee ? [p.referralFee] : []));
    return {
      reference: detail.reference,
      status: detail.status,
      pendingReason: detail.pendingReason,
      milestone: detail.milestone,
      clientId: detail.clientId,
      clientName: detail.clientName,
      externalTenantId: detail.externalTenantId,
      debtor: {
        name: detail.debtor.name,
        type: detail.debtor.type,
        country: detail.debtor.country,
      },
      invoice: detail.invoice,
      remainingBalanceMinor: Math.max(0, detail.invoice.amountMinor - detail.totals.collectedMinor),
      collectionStartedAt: startedAt,
      collectionPartner: detail.collectionPartner?.name ?? null,
      milestones: milestonesOf(detail, startedAt),
      // The SDCA is required for every case, whatever the debtor's country.
      sdca: { ...contract('sdca'), required: true },
      powerOfAttorney: contract('power_of_attorney'),
      contracts: detail.contracts.map((c) => ({
        type: c.type,
        signed: c.status === 'signed',
        signedAt: c.signedAt,
      })),
      kycVerified: detail.kycVerified,
      timeline: detail.timeline,
      messages: detail.messages,
      payouts: detail.payouts.map(toPayoutView),
      revenue: {
        collectedMinor: detail.totals.collectedMinor,
        platformRevenueMinor: detail.payouts.reduce((sum, p) => sum + p.platformRevenueMinor, 0),
        referralFeeMinor: detail.totals.referralFeeMinor,
        referralFeeUsdMinor: fees.reduce((sum, f) => sum + f.usdMinor, 0),
      },
    };
  }
}

/**
 * The four milestones in order. Reached: at or before the current one. When:
 * created at the case's creation, collection started when the case started,
 * and any milestone at the timeline entry that moved the case to it (the
 * latest such entry wins; none recorded leaves it null).
 */
function milestonesOf(detail: CaseDetail, startedAt: string | null): CaseDetailView['milestones'] {
  const order = CaseMilestone.options;
  const current = order.indexOf(detail.milestone);
  const at = new Map<string, string>([['created', detail.createdAt]]);
  if (startedAt) at.set('collection_started', startedAt);
  for (const entry of detail.timeline) {
    const moved = entry.kind === 'status_changed' ? milestoneMovedTo(entry.summary) : undefined;
    if (moved) at.set(moved, entry.at);
  }
  return order.map((milestone, index) => ({
    milestone,
    reached: index <= current,
    at: index <= current ? (at.get(milestone) ?? null) : null,
  }));
}

function toPayoutView(payout: PartnerPayout): CasePayoutView {
  const fee = payout.referralFee;
  return {
    id: payout.id,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    paidAt: payout.paidAt,
    platformRevenueMinor: payout.platformRevenueMinor,
    fee: fee && {
      amountMinor: fee.amountMinor,
      feePercent: fee.feePercent,
      usdMinor: fee.usdMinor,
      usdLocked: fee.usdLocked,
      stage: fee.stage,
    },
    noFee: payout.noFeeReason && {
      reason: payout.noFeeReason,
      explanation: payout.noFeeExplanation ?? '',
      whatYouCanDo: noFeeAdvice[payout.noFeeReason],
    },
  };
}
