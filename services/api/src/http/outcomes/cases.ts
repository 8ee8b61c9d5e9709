import type { ContractType } from '@referral/events';
import { HttpProblem, validationProblem } from '../problem';
import { notFound, type Subject } from './respond';

const kycNext: Record<string, string> = {
  required: 'nothing submitted yet',
  submitted: 'a submission is under review',
  rejected: 'the last submission was rejected; the form says why',
};

/**
 * Cases: creation's refusals (shared by the customer API and the admin API,
 * each a problem that says what to do next) and operators' moves. The
 * subject is the case, or for creation the client the case is for.
 */
export const caseProblems = {
  not_found: notFound('case'),
  client_not_found: notFound('client'),
  unsupported_currency: (_s: Subject, { currency }: { currency: string }) =>
    validationProblem(
      [{ field: 'invoice.currency', message: `${currency} is not supported` }],
      `The platform has no exchange rate for ${currency}, so it cannot take cases in it.`,
    ),
  duplicate_invoice: (_s: Subject, { reference }: { reference: string }) =>
    new HttpProblem({
      status: 409,
      type: 'duplicate-invoice',
      title: 'Case already exists for this invoice',
      detail: `The client already has case ${reference} for this invoice number.`,
      errors: [{ field: 'invoice.number', message: `already used by ${reference}` }],
      extensions: { outcome: 'duplicate_invoice', reference },
    }),
  kyc_required: (
    _s: Subject,
    result: { kycStatus: string; solutionUrl: string; solutionUrlExpiresAt: string },
  ) =>
    new HttpProblem({
      status: 422,
      type: 'kyc-required',
      title: 'KYC required',
      detail:
        `The platform has not verified this company’s identity (KYC) yet (${kycNext[result.kycStatus] ?? result.kycStatus}). ` +
        'No case can be created until an operator has, whatever allowPendingContracts says. Send ' +
        'the client solutionUrl, the KYC form; repeat this request once client.kyc_verified arrives.',
      extensions: {
        outcome: 'kyc_required',
        missing: ['kyc'],
        kycStatus: result.kycStatus,
        solutionUrl: result.solutionUrl,
        solutionUrlExpiresAt: result.solutionUrlExpiresAt,
      },
    }),
  contract_required: (
    _s: Subject,
    result: { missing: ContractType[]; solutionUrl: string; solutionUrlExpiresAt: string },
  ) =>
    new HttpProblem({
      status: 422,
      type: 'contract-required',
      title: 'Contracts required',
      detail:
        `The client must sign ${result.missing.join(', ')} before this case can start. Send it ` +
        'solutionUrl, then repeat this request; or send allowPendingContracts: true to create ' +
        'the case pending now.',
      extensions: {
        outcome: 'contract_required',
        missing: result.missing,
        solutionUrl: result.solutionUrl,
        solutionUrlExpiresAt: result.solutionUrlExpiresAt,
      },
    }),
  invalid_transition: (
    _s: Subject,
    result: { field: 'status' | 'milestone'; from: string; to: string; allowed: readonly string[] },
  ) =>
    new HttpProblem({
      status: 409,
      type: 'invalid-case-transition',
      title: `Cannot move ${result.field}`,
      detail: `A case cannot go from ${result.field} ${result.from} to ${result.to}. From ${result.from}: ${
        result.allowed.length ? result.allowed.join(', ') : 'nothing'
      }.`,
      errors: [{ field: result.field, message: `${result.from} cannot become ${result.to}` }],
      extensions: { allowed: result.allowed },
    }),
};
