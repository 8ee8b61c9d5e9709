import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ReferralDomain, PartnerService } from '@referral/domain';
import { customerTokenProblems } from './outcomes/customer-tokens';
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
  const isAdminToken = tokenCheck(adminToken);
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (token === undefined || !isAdminToken(token)) {
      throw unauthorized('admin token', token !== undefined);
    }
    next();
  };
}

/**
 * The queue UI: the same admin token, sent as a bearer token (scripts) or as
 * the password of HTTP Basic (any user name), because a browser can send a
 * page no header of its own but prompts for Basic credentials. Nothing else
 * lets a request in; a token in the URL would land in logs and history.
 */
export function adminUiAuth(adminToken: string, realm: string): RequestHandler {
  const isAdminToken = tokenCheck(adminToken);
  return (req, _res, next) => {
    const token = bearerToken(req) ?? basicPassword(req);
    if (token !== undefined && isAdminToken(token)) return next();
    throw new HttpProblem({
      status: 401,
      title: 'Unauthorized',
      detail: `Sign in with the admin token as the password (any user name), or send Authorization: Bearer <admin token>.`,
      errors: [
        {
          field: 'Authorization',
          message:
            token === undefined ? 'required: the admin token' : 'the admin token is not valid',
        },
      ],
      headers: { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` },
    });
  };
}

/** The password of `Authorization: Basic base64(user:password)`; the user name is not checked. */
function basicPassword(req: Request): string | undefined {
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(req.get('authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Both sides hashed first, so the comparison takes the same time whatever is presented. */
function tokenCheck(expected: string): (presented: string) => boolean {
  const digest = sha256(expected);
  return (presented) => timingSafeEqual(sha256(presented), digest);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Customer-API routes: a token minted for one client. */
export function customerAuth(clients: ReferralDomain['clients']): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const check = token ? await clients.checkToken(token) : { outcome: 'invalid' as const };
    if (check.outcome === 'expired') throw customerTokenProblems.expired(token, check);
    if (check.outcome === 'link_archived') throw customerTokenProblems.link_archived();
    if (check.outcome !== 'valid') throw unauthorized('customer token', token !== undefined);
    requestContext(res).customer = {
      clientId: check.clientId,
      partnerId: check.partnerId,
      tokenExpiresAt: check.expiresAt,
    };
    next();
  };
}
