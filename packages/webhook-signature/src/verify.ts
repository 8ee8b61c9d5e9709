import { InvalidPayloadError } from './errors/invalid-payload-error';
import { NoMatchingSignatureError } from './errors/no-matching-signature-error';
import type { IncomingHeaders } from './headers';
import { readWebhookHeaders } from './headers';
import { decodeSecrets } from './secret';
import { anySignatureMatches, computeSignature, parseSignatureHeader } from './signature';
import {
  assertWithinTolerance,
  DEFAULT_TOLERANCE_SECONDS,
  parseTimestampHeader,
} from './timestamp';

export interface VerifyOptions {
  /** Maximum distance between `webhook-timestamp` and now, both directions. Default 300. */
  toleranceSeconds?: number;
  /** Current time in milliseconds, like Date.now (the default). */
  now?: () => number;
}

export interface VerifiedWebhook {
  /** `webhook-id`: stable across retries of one message, so deduplicate on it. */
  id: string;
  timestamp: Date;
  /** The parsed JSON body (undefined for an empty body). */
  payload: unknown;
}

function parsePayload(payload: string | Buffer): unknown {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(
      `Webhook signature is valid but the body is not JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * Verifies headers and signature against the raw body and returns the
 * message's id, timestamp and parsed payload. Throws a WebhookVerificationError
 * subclass when the request must be rejected.
 */
export function verifyWebhook(
  payload: string | Buffer,
  headers: IncomingHeaders,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): VerifiedWebhook {
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(
      `toleranceSeconds must be a non-negative number, got ${toleranceSeconds}.`,
    );
  }
  // Decode first: a misconfigured secret should surface even for malformed requests.
  const keys = decodeSecrets(secret);
  const header = readWebhookHeaders(headers);
  const timestamp = parseTimestampHeader(header.timestamp);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  assertWithinTolerance(timestamp, nowSeconds, toleranceSeconds);

  const { v1, otherVersions } = parseSignatureHeader(header.signature);
  if (v1.length === 0) {
    throw new NoMatchingSignatureError(
      `webhook-signature has no v1 entries (found versions: ${otherVersions.join(', ')}).`,
    );
  }
  const expected = keys.map((key) => computeSignature(key, header.id, timestamp, payload));
  if (!anySignatureMatches(expected, v1)) {
    throw new NoMatchingSignatureError(
      `None of the ${v1.length} v1 signature(s) matched under the ${keys.length} configured ` +
        'secret(s). Check the secret, and verify the raw body exactly as received.',
    );
  }
  return { id: header.id, timestamp: new Date(timestamp * 1000), payload: parsePayload(payload) };
}

/** Verifies a webhook and returns its parsed JSON payload (the `standardwebhooks` contract). */
export function verify(
  payload: string | Buffer,
  headers: IncomingHeaders,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): unknown {
  return verifyWebhook(payload, headers, secret, options).payload;
}
