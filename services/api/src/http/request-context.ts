import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Partner } from '@referral/domain';
import type { Logger } from '@referral/logger';
import { loggablePath } from '../hosted-pages/urls';

/** What middleware learns about a request, kept in `res.locals`. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  /** Set by partner authentication. */
  partner?: Partner;
  /** Set by customer-token authentication: the one client the token acts for. */
  customer?: CustomerIdentity;
}

export interface CustomerIdentity {
  clientId: string;
  partnerId: string;
  tokenExpiresAt: string;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function requestContext(res: Response): RequestContext {
  return res.locals.ctx as RequestContext;
}

/**
 * Gives each request an id (a sane incoming `x-request-id` is kept, so a proxy's
 * id follows the request) and logs one line when the response ends. Headers
 * are never logged: the Authorization header carries API keys; nor is a hosted
 * page's token, its only credential.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const ctx: RequestContext = { requestId, log: logger.child({ requestId }) };
    res.locals.ctx = ctx;
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      const fields = {
        method: req.method,
        path: loggablePath(req.originalUrl.split('?')[0]!),
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(ctx.partner ? { partnerId: ctx.partner.id } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) ctx.log.error(fields, 'request failed');
      else ctx.log.info(fields, 'request');
    });
    next();
  };
}
