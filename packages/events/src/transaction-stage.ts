import { z } from 'zod';

/** A referral fee's lifecycle, as the dashboard names it. */
export const TransactionStage = z.enum([
  'pending',
  'confirmed',
  'awaiting_collection_partner',
  'ready_to_invoice',
  'awaiting_platform_payment',
  'paid',
]);
export type TransactionStage = z.infer<typeof TransactionStage>;

/** The revenue-recognition view of the same lifecycle, used in reporting. */
export const ReportingStage = z.enum([
  'unrecognized',
  'recognized_uninvoiced',
  'recognized_invoiced',
  'recognized_paid',
]);
export type ReportingStage = z.infer<typeof ReportingStage>;

// A Record over every stage: adding a stage without mapping it fails to compile.
const reportingStages: Readonly<Record<TransactionStage, ReportingStage>> = {
  pending: 'unrecognized',
  confirmed: 'unrecognized',
  awaiting_collection_partner: 'unrecognized',
  ready_to_invoice: 'recognized_uninvoiced',
  awaiting_platform_payment: 'recognized_invoiced',
  paid: 'recognized_paid',
};

/**
 * The reporting stage of a transaction stage. While `unrecognized` the USD
 * amount floats with FX; from `ready_to_invoice` on it is locked.
 */
export function reportingStageOf(stage: TransactionStage): ReportingStage {
  return reportingStages[stage];
}
