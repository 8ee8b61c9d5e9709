import { BodyTooLargeError } from '../errors/body-too-large-error';
import { RawBodyUnavailableError } from '../errors/raw-body-unavailable-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { decodeSecrets } from '../secret';
import type { VerifyOptions } from '../verify';
import { verifyWebhook } from '../verify';
import type { WebhookMiddlewareError } from './problem';
import { sendProblem } from './problem';
import { resolveRawBody } from './raw-body';
import type { NextFunction, WebhookRequest, WebhookResponse } from './types';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface VerifyWebhookMiddlewareOptions extends VerifyOptions {
  /** The endpoint's secret, or several while rotating it. */
  secret: string | readonly string[];
  /** Limit when the middleware reads the body stream itself. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Replaces the default problem+json response (401, 400, 413 or 500). */
  onError?: (
    error: WebhookMiddlewareError,
    req: WebhookRequest,
    res: WebhookResponse,
    next: NextFunction,
  ) => void;
}

export type WebhookMiddleware = (
  req: WebhookRequest,
  res: WebhookResponse,
  next: NextFunction,
) => void;

function isMiddlewareError(error: unknown): error is WebhookMiddlewareError {
  return (
    error instanceof WebhookVerificationError ||
    error instanceof RawBodyUnavailableError ||
    error instanceof BodyTooLargeError
  );
}

/**
 * Express/Connect middleware that verifies the request against the raw body.
 * On success `req.webhook` is `{ id, timestamp, payload }`, `req.body` is the
 * parsed payload, and `next()` runs.
 */
export function verifyWebhookMiddleware(
  options: VerifyWebhookMiddlewareOptions,
): WebhookMiddleware {
  // Fail at startup, not on the first delivery, when a secret is malformed.
  decodeSecrets(options.secret);
  const { secret, onError, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, ...verifyOptions } = options;

  return (req, res, next) => {
    // Not an async function: Express 4 ignores rejected promises from middleware.
    resolveRawBody(req, maxBodyBytes)
      .then((rawBody) => verifyWebhook(rawBody, req.headers, secret, verifyOptions))
      .then(
        (webhook) => {
          req.webhook = webhook;
          req.body = webhook.payload;
          next();
        },
        // A second callback rather than .catch, so an error thrown further down
        // the chain by next() is never mistaken for a verification failure.
        (error: unknown) => {
          if (!isMiddlewareError(error)) return next(error);
          if (onError) return onError(error, req, res, next);
          if (res.headersSent) return next(error);
          sendProblem(res, error);
        },
      );
  };
}
