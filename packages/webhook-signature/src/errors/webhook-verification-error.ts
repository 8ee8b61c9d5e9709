/**
 * Base class for every reason an incoming webhook is rejected. Catch this one
 * class to answer 4xx; catch a subclass to tell the reasons apart.
 */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}
