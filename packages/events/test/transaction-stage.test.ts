import { ReportingStage, TransactionStage, reportingStageOf } from '../src';

describe('reportingStageOf', () => {
  it.each([
    ['pending', 'unrecognized'],
    ['confirmed', 'unrecognized'],
    ['awaiting_collection_partner', 'unrecognized'],
    ['ready_to_invoice', 'recognized_uninvoiced'],
    ['awaiting_platform_payment', 'recognized_invoiced'],
    ['paid', 'recognized_paid'],
  ] as const)('maps %s to %s', (stage, reporting) => {
    expect(reportingStageOf(stage)).toBe(reporting);
  });

  it('maps every transaction stage, and reaches every reporting stage', () => {
    const reached = TransactionStage.options.map((stage) => reportingStageOf(stage));
    for (const value of reached) expect(ReportingStage.options).toContain(value);
    expect(new Set(reached)).toEqual(new Set(ReportingStage.options));
  });
});
