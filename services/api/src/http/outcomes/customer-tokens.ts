import { HttpProblem } from '../problem';

/**
 * Why a customer token does not act for its client. An expired token says so,
 * and how to get a new one: tokens are never refreshed.
 */
export const customerTokenProblems = {
  expired: (_s: unknown, { expiredAt }: { expiredAt: string }) =>
    new HttpProblem({
      status: 401,
      type: 'customer-token-expired',
      title: 'Customer token expired',
      detail:
        `This customer token expired at ${expiredAt}. Tokens last 30 minutes and cannot ` +
        'be refreshed: mint a new one with POST /v1/clients/{id}/tokens.',
      errors: [
        { field: 'Authorization', message: 'the customer token has expired; mint a new one' },
      ],
      headers: {
        'www-authenticate': 'Bearer error="invalid_token", error_description="expired"',
      },
    }),
  link_archived: () =>
    new HttpProblem({
      status: 403,
      type: 'link-archived',
      title: 'Link archived',
      detail:
        'The link between the partner that minted this token and its client is archived: ' +
        'the token no longer acts for the client.',
      errors: [
        { field: 'Authorization', message: 'the partner’s link to this client is archived' },
      ],
    }),
};
