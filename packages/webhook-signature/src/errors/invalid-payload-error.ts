import { WebhookVerificationError } from './webhook-verification-error';

/** The signature is valid but the body is not JSON, so there is no payload to hand over. */
export class InvalidPayloadError extends WebhookVerificationError {
  override name = 'InvalidPayloadError';
}
