/**
 * A configured secret cannot be decoded. This is a setup mistake in the
 * receiver, not a bad request, so it is deliberately not a
 * WebhookVerificationError. The message never contains the secret.
 */
export class InvalidSecretError extends Error {
  override name = 'InvalidSecretError';
}
