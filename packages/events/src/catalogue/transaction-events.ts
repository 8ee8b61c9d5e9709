import { z } from 'zod';
import { CaseReference, EntityId, IsoDateTime, MinorUnits } from '../primitives';
import { ReportingStage, TransactionStage, reportingStageOf } from '../transaction-stage';
import { defineEvent } from './define-event';

// Invariant: reportingStage is always reportingStageOf(stage); it is sent so
// that receivers need no copy of the mapping.
export const TransactionStageChangedData = z
  .object({
    transactionId: EntityId,
    payoutId: EntityId,
    caseReference: CaseReference,
    previousStage: TransactionStage.nullable().describe('Null when the transaction is new'),
    stage: TransactionStage,
    reportingStage: ReportingStage,
    usdAmountMinor: MinorUnits.describe('Referral fee in US cents'),
    usdLocked: z.boolean().describe('False while the USD amount still floats with FX'),
    changedAt: IsoDateTime,
  })
  .refine((d) => d.reportingStage === reportingStageOf(d.stage), {
    error: 'reportingStage does not match stage',
    path: ['reportingStage'],
  });
export type TransactionStageChangedData = z.infer<typeof TransactionStageChangedData>;

export const transactionEvents = [
  defineEvent({
    type: 'transaction.stage_changed',
    description: 'A referral fee moved to another revenue stage, from pending to paid.',
    dataSchema: TransactionStageChangedData,
    example: {
      transactionId: 'txn_7RkC2vHy9m',
      payoutId: 'po_Qx81NwTe3s',
      caseReference: 'DEB-10482',
      previousStage: 'awaiting_collection_partner',
      stage: 'ready_to_invoice',
      reportingStage: 'recognized_uninvoiced',
      usdAmountMinor: 4050,
      usdLocked: true,
      changedAt: '2025-05-20T16:30:00.000Z',
    },
  }),
] as const;
