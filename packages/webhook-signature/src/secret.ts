import { randomBytes } from 'node:crypto';
import { InvalidSecretError } from './errors/invalid-secret-error';

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
// Strict standard base64 with padding: the same inputs the `standardwebhooks`
// package accepts, so a secret that works there works here and vice versa.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key of a secret; the `whsec_` prefix is optional. */
export function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0) {
    throw new InvalidSecretError('Webhook secret is empty.');
  }
  if (!BASE64.test(encoded)) {
    throw new InvalidSecretError(
      "Webhook secret is not valid: expected 'whsec_' followed by standard base64, exactly as " +
        'shown when the subscription was created (check for stray whitespace or quotes).',
    );
  }
  return Buffer.from(encoded, 'base64');
}

/** Keys for one secret or several (several during a secret rotation). */
export function decodeSecrets(secrets: string | readonly string[]): Buffer[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) {
    throw new InvalidSecretError('At least one webhook secret is required.');
  }
  return list.map(decodeSecret);
}
