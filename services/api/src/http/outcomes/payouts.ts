import { HttpProblem, validationProblem } from '../problem';
import { notFound, type Subject } from './respond';

/** Recording a debtor's payment on a case; the subject is the case. */
export const payoutProblems = {
  not_found: notFound('case'),
  currency_mismatch: (s: Subject, { expected }: { expected: string }) =>
    validationProblem(
      [{ field: 'currency', message: `must be ${expected}` }],
      `Payments on ${s.id} are in its invoice currency, ${expected}.`,
    ),
  paid_in_future: () =>
    validationProblem(
      [{ field: 'paidAt', message: 'must not be after today (UTC)' }],
      'A payment cannot be dated in the future.',
    ),
  case_not_started: (
    s: Subject,
    { status, pendingReason }: { status: string; pendingReason: string | null },
  ) => {
    const why = pendingReason ? `pending: ${pendingReason}` : status;
    return new HttpProblem({
      status: 409,
      type: 'case-not-started',
      title: 'Collection has not started',
      detail: `Collection on ${s.id} never started (${why}), so no payment can be recorded on it.`,
      errors: [{ field: s.field ?? 'reference', message: `collection never started (${why})` }],
    });
  },
};
