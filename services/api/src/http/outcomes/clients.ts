import type { RegisterClientOutcome } from '@referral/domain';
import { HttpProblem } from '../problem';
import { notFound, type Subject } from './respond';

/** One of a partner's clients: reading it, minting its customer tokens. */
export const clientProblems = {
  not_found: notFound('client'),
  link_archived: (s: Subject) =>
    new HttpProblem({
      status: 409,
      type: 'link-archived',
      title: 'Link archived',
      detail: `Your link to client ${s.id} is archived. Ask the platform’s operators to restore it.`,
      errors: [{ field: s.field ?? 'id', message: 'link is archived' }],
    }),
};

type Registration<K extends RegisterClientOutcome['outcome']> = Extract<
  RegisterClientOutcome,
  { outcome: K }
>;

/** What POST /v1/clients refuses: each a 409 whose `outcome` says what to do next. */
export const registrationProblems = {
  approval_required: (
    _s: RegistrationSubject,
    { outcome, ...request }: Registration<'approval_required'>,
  ) =>
    conflict(
      outcome,
      'Approval required',
      'This company is already on the platform. Send it approvalUrl: once it approves, it is linked to you (client.linked).',
      request,
    ),
  approval_pending: (
    _s: RegistrationSubject,
    { outcome, ...request }: Registration<'approval_pending'>,
  ) =>
    conflict(
      outcome,
      'Approval pending',
      'A link request for this company is still open. Send it approvalUrl again.',
      request,
    ),
  external_tenant_id_conflict: (s: RegistrationSubject) =>
    conflict(
      'external_tenant_id_conflict',
      'externalTenantId already used',
      `You already use externalTenantId "${s.externalTenantId}" for another company.`,
    ),
  linked_under_other_id: (_s: RegistrationSubject, result: Registration<'linked_under_other_id'>) =>
    conflict(
      result.outcome,
      'Company known under another externalTenantId',
      `You already have this company as externalTenantId "${result.externalTenantId}".`,
      { clientId: result.clientId, externalTenantId: result.externalTenantId },
    ),
  link_archived: (_s: RegistrationSubject, result: Registration<'link_archived'>) =>
    conflict(
      result.outcome,
      'Link archived',
      'Your link to this company is archived. Ask the platform’s operators to restore it.',
      { clientId: result.client.id },
    ),
};

/** The registration a refusal is about: the id the partner gave the company. */
export interface RegistrationSubject {
  externalTenantId: string;
}

export type RegistrationConflict = keyof typeof registrationProblems;

function conflict(
  outcome: RegistrationConflict,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
) {
  return new HttpProblem({
    status: 409,
    type: outcome.replaceAll('_', '-'),
    title,
    detail,
    extensions: { outcome, ...extensions },
    ...(outcome === 'external_tenant_id_conflict' || outcome === 'linked_under_other_id'
      ? { errors: [{ field: 'externalTenantId', message: title.toLowerCase() }] }
      : {}),
  });
}
