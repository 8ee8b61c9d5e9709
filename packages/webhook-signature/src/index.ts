export { generateSecret } from './secret';
export { sign, signatureHeaders } from './sign';
export type { SignOptions, SignatureHeadersOptions, SigningSecrets, WebhookHeaders } from './sign';
export { verify, verifyWebhook } from './verify';
export type { VerifyOptions, VerifiedWebhook } from './verify';
export type { HeadersLike, IncomingHeaders } from './headers';
export { verifyWebhookMiddleware } from './middleware/verify-webhook-middleware';
export type {
  VerifyWebhookMiddlewareOptions,
  WebhookMiddleware,
} from './middleware/verify-webhook-middleware';
export type { WebhookMiddlewareError, WebhookProblem } from './middleware/problem';
export type { NextFunction, WebhookRequest, WebhookResponse } from './middleware/types';

export { WebhookVerificationError } from './errors/webhook-verification-error';
export { MissingHeadersError } from './errors/missing-headers-error';
export { InvalidTimestampError } from './errors/invalid-timestamp-error';
export type { InvalidTimestampReason } from './errors/invalid-timestamp-error';
export { NoMatchingSignatureError } from './errors/no-matching-signature-error';
export { InvalidPayloadError } from './errors/invalid-payload-error';
export { InvalidSecretError } from './errors/invalid-secret-error';
export { RawBodyUnavailableError } from './errors/raw-body-unavailable-error';
export type { RawBodyUnavailableReason } from './errors/raw-body-unavailable-error';
export { BodyTooLargeError } from './errors/body-too-large-error';
