import { WebhookVerificationError } from './webhook-verification-error';

/** No `v1,` entry of `webhook-signature` matches the payload under any configured secret. */
export class NoMatchingSignatureError extends WebhookVerificationError {
  override name = 'NoMatchingSignatureError';
}
