import type { SaveTemplateOutcome } from '@referral/domain';
import { HttpProblem } from '../problem';
import { notFound, type Subject } from './respond';

type Refused = Extract<SaveTemplateOutcome, { outcome: 'sender_domain_not_allowed' }>;

/** A partner's welcome email template. */
export const welcomeEmailProblems = {
  partner_not_found: notFound('partner'),
  not_found: () =>
    new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: 'No welcome email template is configured: PUT /v1/welcome-email creates one.',
    }),
  sender_domain_not_allowed: (_: Subject, { address, mailDomains }: Refused) =>
    new HttpProblem({
      status: 422,
      type: 'sender-domain-not-allowed',
      title: 'Sender domain not allowed',
      detail:
        `${address} is not on a domain authorised for you. ` +
        (mailDomains.length
          ? `Send from ${mailDomains.join(', ')} or a subdomain of one.`
          : 'No sending domain is authorised yet: ask the platform to authorise yours (SPF and DKIM at its relay).'),
      errors: [{ field: 'from.address', message: 'must be on a domain authorised for you' }],
    }),
};
