import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The API's and the dashboard's headers (helmet's defaults, CSP tightened):
 * scripts from our origin only; styles also inline, because the dashboard's
 * Radix dialogs insert a <style> element for their scroll lock; nothing may
 * frame us. No upgrade-insecure-requests: development serves over plain
 * http://localhost, where it would break every asset.
 */
export function apiSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
}

/** The per-response nonce of a hosted page's one inline <style> element. */
export function styleNonce(res: Response): string {
  return res.locals.styleNonce as string;
}

/**
 * Hosted pages: no script at all, the page's own <style> by nonce (its colours
 * are the partner's, so no fixed hash), logos from anywhere, forms posting
 * back to us only, never framed, never cached (their URL is the credential).
 */
export function hostedPageSecurityHeaders(): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [(_req, res) => `'nonce-${(res as Response).locals.styleNonce as string}'`],
        imgSrc: ['https:', 'http:', 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
  return [
    (_req, res, next) => {
      res.locals.styleNonce = randomBytes(16).toString('base64');
      res.set('cache-control', 'no-store');
      next();
    },
    headers,
  ];
}
