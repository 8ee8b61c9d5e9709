import { STATUS_CODES } from 'node:http';
import { BodyTooLargeError } from '../errors/body-too-large-error';
import { InvalidPayloadError } from '../errors/invalid-payload-error';
import { RawBodyUnavailableError } from '../errors/raw-body-unavailable-error';
import type { WebhookVerificationError } from '../errors/webhook-verification-error';
import type { WebhookResponse } from './types';

/** Everything the middleware answers itself (or hands to `onError`). */
export type WebhookMiddlewareError =
  WebhookVerificationError | RawBodyUnavailableError | BodyTooLargeError;

/** RFC 9457 problem details; `error` names the error class for machines. */
export interface WebhookProblem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  error: string;
}

// The one place that maps error types to HTTP statuses. The sender logs the
// response, so `detail` is what a partner reads when deliveries fail.
function statusFor(error: WebhookMiddlewareError): number {
  if (error instanceof RawBodyUnavailableError) return 500;
  if (error instanceof BodyTooLargeError) return 413;
  if (error instanceof InvalidPayloadError) return 400;
  return 401;
}

export function toProblem(error: WebhookMiddlewareError): WebhookProblem {
  const status = statusFor(error);
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: error.message,
    error: error.name,
  };
}

export function sendProblem(res: WebhookResponse, error: WebhookMiddlewareError): void {
  const problem = toProblem(error);
  res.statusCode = problem.status;
  res.setHeader('content-type', 'application/problem+json');
  if (error instanceof BodyTooLargeError) {
    // The unread remainder makes the connection unusable for another request.
    res.setHeader('connection', 'close');
  }
  res.end(JSON.stringify(problem));
}
