import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ReferralDomain, PartnerService } from '@referral/domain';
import { HttpProblem } from './problem';
import { requestContext } from './request-context';

export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

function unauthorized(realm: string, presented: boolean): HttpProblem {
  const message = presented
    ? 'the bearer token is not valid'
    : 'required: Authorization: Bearer <token>';
  return new HttpProblem({
    status: 401,
    title: 'Unauthorized',
    detail: presented
      ? `The ${realm} in the Authorization header is not valid.`
      : `Send your ${realm} as Authorization: Bearer <${realm}>.`,
    errors: [{ field: 'Authorization', message }],
    headers: {
      'www-authenticate': presented ? 'Bearer error="invalid_token"' : 'Bearer',
    },
  });
}

/** Partner routes: the API key names the partner, whose id is the tenant. */
export function partnerAuth(partners: PartnerService): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const partner = token ? await partners.authenticate(token) : undefined;
    if (!partner) throw unauthorized('API key', token !== undefined);
    requestContext(res).partner = partner;
    next();
  };
}

/**
 * Admin routes: one shared operator token. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content presented.
 */
export function adminAuth(adminToken: string): RequestHandler {
  const expected = sha256(adminToken);
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (token === undefined || !timingSafeEqual(sha256(token), expected)) {
      throw unauthorized('admin token', token !== undefined);
    }
    next();
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Customer-API routes: a token minted for one client. An expired token says
 * so, and how to get a new one: tokens are never refreshed.
 */
export function customerAuth(clients: ReferralDomain['clients']): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const check = token ? await clients.checkToken(token) : { outcome: 'invalid' as const };
    if (check.outcome === 'expired') {
      throw new HttpProblem({
        status: 401,
        type: 'customer-token-expired',
        title: 'Customer token expired',
        detail:
          `This customer token expired at ${check.expiredAt}. Tokens last 30 minutes and cannot ` +
          'be refreshed: mint a new one with POST /v1/clients/{id}/tokens.',
        errors: [
          { field: 'Authorization', message: 'the customer token has expired; mint a new one' },
        ],
        headers: {
          'www-authenticate': 'Bearer error="invalid_token", error_description="expired"',
        },
      });
    }
    if (check.outcome === 'link_archived') {
      throw new HttpProblem({
        status: 403,
        type: 'link-archived',
        title: 'Link archived',
        detail:
          'The link between the partner that minted this token and its client is archived: ' +
          'the token no longer acts for the client.',
        errors: [
          { field: 'Authorization', message: 'the partner’s link to this client is archived' },
        ],
      });
    }
    if (check.outcome !== 'valid') throw unauthorized('customer token', token !== undefined);
    requestContext(res).customer = {
      clientId: check.clientId,
      partnerId: check.partnerId,
      tokenExpiresAt: check.expiresAt,
    };
    next();
  };
}
