import { HttpProblem } from '../problem';
import { notFound, type Subject } from './respond';

/** Operators' KYC decisions: a client must have a submission under review to decide on. */
export const kycProblems = {
  not_found: notFound('client'),
  no_document: (s: Subject) =>
    new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `Client ${s.id} has no KYC document: nothing was submitted, or it was rejected and deleted.`,
      errors: [{ field: 'id', message: 'no KYC document' }],
    }),
  nothing_to_review: (s: Subject, { kycStatus }: { kycStatus: string }) =>
    new HttpProblem({
      status: 409,
      type: 'kyc-nothing-to-review',
      title: 'No KYC submission under review',
      detail: `Client ${s.id} has no KYC submission under review (its KYC status is ${kycStatus}).`,
      errors: [{ field: 'id', message: `KYC status is ${kycStatus}` }],
      extensions: { kycStatus },
    }),
};
