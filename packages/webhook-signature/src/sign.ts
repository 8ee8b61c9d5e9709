import { WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP } from './headers';
import { decodeSecrets } from './secret';
import { computeSignature, formatSignatureHeader } from './signature';
import { toUnixSeconds } from './timestamp';

/** One secret, or several while a secret is rotated (each yields its own `v1,` entry). */
export type SigningSecrets =
  { secret: string; secrets?: undefined } | { secrets: readonly string[]; secret?: undefined };

export type SignOptions = SigningSecrets & {
  id: string;
  /** A Date or unix seconds. */
  timestamp: Date | number;
  /** The exact body that will be sent. */
  payload: string | Buffer;
};

export type SignatureHeadersOptions = SigningSecrets & {
  id: string;
  payload: string | Buffer;
  /** Defaults to now. */
  timestamp?: Date | number;
};

// A type alias, not an interface, so it is assignable to Record<string, string>
// (fetch, undici, axios header options).
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

function signAt(
  options: SigningSecrets & { id: string; payload: string | Buffer },
  seconds: number,
) {
  if (options.id === '') {
    throw new TypeError('Webhook id must not be empty.');
  }
  const keys = decodeSecrets(options.secrets ?? options.secret);
  return formatSignatureHeader(
    keys.map((key) => computeSignature(key, options.id, seconds, options.payload)),
  );
}

/** The `webhook-signature` header value for a message. */
export function sign(options: SignOptions): string {
  return signAt(options, toUnixSeconds(options.timestamp));
}

/** All three headers to send with a webhook request. */
export function signatureHeaders(options: SignatureHeadersOptions): WebhookHeaders {
  const seconds = toUnixSeconds(options.timestamp ?? new Date());
  return {
    [WEBHOOK_ID]: options.id,
    [WEBHOOK_TIMESTAMP]: String(seconds),
    [WEBHOOK_SIGNATURE]: signAt(options, seconds),
  };
}
