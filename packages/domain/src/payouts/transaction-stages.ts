import { reportingStageOf, TransactionStage } from '@referral/events';
import { z } from 'zod';
import type { DomainContext } from '../context';
import { partnerEvent, type Emit } from '../outbox';

/** A referral fee moved to a later revenue stage; `usdLocked` once it reached ready_to_invoice. */
export const StageChange = z.object({
  transactionId: z.string(),
  partnerId: z.string(),
  payoutId: z.string(),
  caseReference: z.string(),
  previousStage: TransactionStage.nullable(),
  stage: TransactionStage,
  usdMinor: z.number().int(),
  usdLocked: z.boolean(),
  changedAt: z.date(),
});
export type StageChange = z.infer<typeof StageChange>;

/** `transaction.stage_changed` to the partner whose fee it is. */
export function announceStage(emit: Emit, change: StageChange) {
  return emit(
    partnerEvent(change.partnerId, 'transaction.stage_changed', {
      transactionId: change.transactionId,
      payoutId: change.payoutId,
      caseReference: change.caseReference,
      previousStage: change.previousStage,
      stage: change.stage,
      reportingStage: reportingStageOf(change.stage),
      usdAmountMinor: change.usdMinor,
      usdLocked: change.usdLocked,
      changedAt: change.changedAt.toISOString(),
    }),
  );
}

const stageIndex = (stage: TransactionStage) => TransactionStage.options.indexOf(stage);

/** From ready_to_invoice on, the USD amount is locked. */
export const LOCKING_STAGE: TransactionStage = 'ready_to_invoice';

export type MoveStageOutcome =
  | { outcome: 'not_found'; ids: string[] }
  | { outcome: 'not_forward'; transactions: { id: string; stage: TransactionStage }[] }
  | { outcome: 'moved'; changes: StageChange[] };

interface TransactionRow {
  id: string;
  partner_id: string;
  payout_id: string;
  reference: string;
  stage: TransactionStage;
  fee_minor: string;
  currency: string;
  usd_minor: string | null;
}

/**
 * Revenue stages only move forward. A bulk move ("the collection partner's
 * invoice for these was paid") is all or nothing: one transaction that
 * cannot move stops them all, and the answer names it.
 */
export class TransactionStages {
  constructor(private readonly ctx: DomainContext) {}

  move(ids: readonly string[], stage: TransactionStage): Promise<MoveStageOutcome> {
    const unique = [...new Set(ids)];
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const { rows } = await tx.query<TransactionRow>(
        `SELECT t.id, t.partner_id, a.payout_id, k.reference, t.stage, a.fee_minor, p.currency,
                t.usd_minor
         FROM transactions t
         JOIN payout_attributions a ON a.id = t.attribution_id
         JOIN payouts p ON p.id = a.payout_id
         JOIN cases k ON k.id = p.case_id
         WHERE t.id = ANY($1::text[])
         ORDER BY t.id FOR UPDATE OF t`,
        [unique],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const unknown = unique.filter((id) => !byId.has(id));
      if (unknown.length > 0) return { outcome: 'not_found', ids: unknown };
      // In the caller's order, so the answer lines up with the request.
      const stuck = unique
        .map((id) => byId.get(id)!)
        .filter((r) => stageIndex(r.stage) >= stageIndex(stage));
      if (stuck.length > 0) {
        return {
          outcome: 'not_forward',
          transactions: stuck.map((r) => ({ id: r.id, stage: r.stage })),
        };
      }

      const locks = stageIndex(stage) >= stageIndex(LOCKING_STAGE);
      const { rows: moved } = await tx.query<{
        id: string;
        usd: string;
        locked: boolean;
        stage_changed_at: Date;
      }>(
        `UPDATE transactions t
         SET stage = $2, stage_changed_at = now(),
             usd_minor = CASE WHEN $3 THEN coalesce(t.usd_minor, usd_minor(a.fee_minor, p.currency)) END,
             locked_at = CASE WHEN $3 THEN coalesce(t.locked_at, now()) END
         FROM payout_attributions a JOIN payouts p ON p.id = a.payout_id
         WHERE a.id = t.attribution_id AND t.id = ANY($1::text[])
         RETURNING t.id, coalesce(t.usd_minor, usd_minor(a.fee_minor, p.currency)) AS usd,
                   t.usd_minor IS NOT NULL AS locked, t.stage_changed_at`,
        [unique, stage, locks],
      );
      const after = new Map(moved.map((m) => [m.id, m]));
      const changes: StageChange[] = [];
      for (const row of rows) {
        const { usd, locked, stage_changed_at } = after.get(row.id)!;
        const change: StageChange = {
          transactionId: row.id,
          partnerId: row.partner_id,
          payoutId: row.payout_id,
          caseReference: row.reference,
          previousStage: row.stage,
          stage,
          usdMinor: Number(usd),
          usdLocked: locked,
          changedAt: stage_changed_at,
        };
        await announceStage(emit, change);
        changes.push(change);
      }
      return { outcome: 'moved', changes };
    });
  }
}
