import { toPage, type Page } from '@referral/db';
import { reportingStageOf, type NoFeeReason, type TransactionStage } from '@referral/events';
import type { DomainContext } from '../context';
import { SqlParams } from '@referral/db';
import { encodeKeyset, type Keyset } from '../keyset';
import { noFeeExplanations } from '../payouts/attribution';
import type { CaseDetail, CaseFilter, CaseSort, PartnerCase, PartnerPayout } from './case';
import { caseConditions, caseSelect, findCase, toPartnerCase, type CaseRow } from './case-query';
import { contractStatuses } from './contracts';

const sortColumns: Readonly<Record<CaseSort, { column: string; type: string; desc: boolean }>> = {
  '-createdAt': { column: 'k.created_at', type: 'timestamptz', desc: true },
  createdAt: { column: 'k.created_at', type: 'timestamptz', desc: false },
  '-amount': { column: 'k.amount_minor', type: 'bigint', desc: true },
  amount: { column: 'k.amount_minor', type: 'bigint', desc: false },
};

interface PayoutRow {
  id: string;
  amount_minor: string;
  currency: string;
  paid_at: Date;
  platform_revenue_minor: string;
  fee_minor: string | null;
  fee_percent: string | null;
  no_fee_reason: NoFeeReason | null;
  transaction_id: string | null;
  stage: TransactionStage | null;
  usd_minor: string | null;
  usd_locked: boolean;
}

/** What a partner reads of the cases of its clients (archived links included: earnings stay visible). */
export class CaseReads {
  constructor(private readonly ctx: DomainContext) {}

  async list(
    partnerId: string,
    filter: CaseFilter,
    { limit = 20, after }: { limit?: number; after?: Keyset },
  ): Promise<Page<PartnerCase>> {
    const sort = sortColumns[filter.sort];
    const params = new SqlParams([partnerId]);
    const where = caseConditions(
      {
        statuses: filter.status && [filter.status],
        search: filter.search,
        from: filter.from,
        to: filter.to,
        clientId: filter.clientId,
      },
      params,
    );
    const afterCondition = after
      ? `AND (${sort.column}, k.id) ${sort.desc ? '<' : '>'} (${params.add(after.value)}::${sort.type}, ${params.add(after.id)}::text)`
      : '';
    const { rows } = await this.ctx.pool.query<CaseRow & { sort_value: string }>(
      `${caseSelect(`${sort.column}::text AS sort_value,`)}
       WHERE ${where} ${afterCondition}
       ORDER BY ${sort.column} ${sort.desc ? 'DESC' : 'ASC'}, k.id ${sort.desc ? 'DESC' : 'ASC'}
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return toPage(
      rows,
      limit,
      (row) => toPartnerCase(row, partnerId),
      (row) => encodeKeyset({ sort: filter.sort, value: row.sort_value, id: row.id }),
    );
  }

  /** One case with its contracts, payouts (your fee or why none), timeline and messages. */
  async detail(partnerId: string, reference: string): Promise<CaseDetail | undefined> {
    const row = await findCase(this.ctx.pool, reference, partnerId);
    if (!row) return undefined;
    const db = this.ctx.pool;
    const [contracts, kyc, payouts, timeline, messages] = await Promise.all([
      contractStatuses(db, row.client_id, row.debtor_country),
      db.query<{ verified: boolean }>(
        `SELECT kyc_verified_at IS NOT NULL AS verified FROM clients WHERE id = $1`,
        [row.client_id],
      ),
      db.query<PayoutRow>(
        `SELECT p.id, p.amount_minor, p.currency, p.paid_at, p.platform_revenue_minor,
                a.fee_minor, a.fee_percent, a.no_fee_reason, t.id AS transaction_id, t.stage,
                coalesce(t.usd_minor, usd_minor(a.fee_minor, p.currency)) AS usd_minor,
                t.usd_minor IS NOT NULL AS usd_locked
         FROM payouts p
         LEFT JOIN payout_attributions a ON a.payout_id = p.id AND a.partner_id = $2
         LEFT JOIN transactions t ON t.attribution_id = a.id
         WHERE p.case_id = $1 ORDER BY p.paid_at, p.id`,
        [row.id, partnerId],
      ),
      db.query<{ at: Date; kind: CaseDetail['timeline'][number]['kind']; summary: string }>(
        `SELECT at, kind, summary FROM case_activity WHERE case_id = $1 ORDER BY at, id`,
        [row.id],
      ),
      db.query<{
        id: string;
        sender: 'client' | 'collection_partner';
        body: string;
        created_at: Date;
      }>(
        `SELECT id, sender, body, created_at FROM case_messages WHERE case_id = $1
         ORDER BY created_at, id`,
        [row.id],
      ),
    ]);
    const partnerPayouts = payouts.rows.map(toPartnerPayout);
    return {
      ...toPartnerCase(row, partnerId),
      contracts,
      kycVerified: kyc.rows[0]!.verified,
      payouts: partnerPayouts,
      totals: {
        collectedMinor: partnerPayouts.reduce((sum, p) => sum + p.amountMinor, 0),
        referralFeeMinor: partnerPayouts.reduce(
          (sum, p) => sum + (p.referralFee?.amountMinor ?? 0),
          0,
        ),
      },
      timeline: timeline.rows.map((t) => ({
        at: t.at.toISOString(),
        kind: t.kind,
        summary: t.summary,
      })),
      messages: messages.rows.map((m) => ({
        id: m.id,
        from: m.sender,
        body: m.body,
        sentAt: m.created_at.toISOString(),
      })),
    };
  }
}

function toPartnerPayout(row: PayoutRow): PartnerPayout {
  // No attribution row for this partner: it had no link when the payout was made.
  const reason: NoFeeReason | null =
    row.fee_minor === null ? (row.no_fee_reason ?? 'no_link') : null;
  return {
    id: row.id,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    paidAt: row.paid_at.toISOString(),
    platformRevenueMinor: Number(row.platform_revenue_minor),
    referralFee:
      row.fee_minor !== null && row.stage && row.transaction_id
        ? {
            transactionId: row.transaction_id,
            amountMinor: Number(row.fee_minor),
            feePercent: Number(row.fee_percent),
            usdMinor: Number(row.usd_minor),
            usdLocked: row.usd_locked,
            stage: row.stage,
            reportingStage: reportingStageOf(row.stage),
          }
        : null,
    noFeeReason: reason,
    noFeeExplanation: reason && noFeeExplanations[reason],
  };
}
