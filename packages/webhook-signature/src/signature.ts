import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

/**
 * base64 HMAC-SHA256 over `${id}.${timestamp}.${payload}`. A Buffer payload is
 * hashed as-is, so the signature covers exactly the bytes on the wire.
 */
export function computeSignature(
  key: Buffer,
  id: string,
  timestamp: number,
  payload: string | Buffer,
): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(payload).digest('base64');
}

/** Formats signatures as a `webhook-signature` header value: `v1,<sig> v1,<sig2>`. */
export function formatSignatureHeader(signatures: readonly string[]): string {
  return signatures.map((signature) => `${VERSION},${signature}`).join(' ');
}

/**
 * The `v1` signatures of a `webhook-signature` header. Entries of other
 * versions (e.g. `v1a,` asymmetric signatures) are skipped, not rejected, so a
 * sender can add new schemes without breaking existing receivers.
 */
export function parseSignatureHeader(header: string): { v1: string[]; otherVersions: string[] } {
  const v1: string[] = [];
  const otherVersions: string[] = [];
  for (const entry of header.split(/\s+/)) {
    if (entry === '') continue;
    const comma = entry.indexOf(',');
    const version = comma === -1 ? entry : entry.slice(0, comma);
    if (version === VERSION) v1.push(entry.slice(comma + 1));
    else otherVersions.push(version);
  }
  return { v1, otherVersions };
}

/**
 * Constant-time comparison of every expected signature with every candidate.
 * No early exit: the time taken does not depend on which pair matched.
 */
export function anySignatureMatches(
  expected: readonly string[],
  candidates: readonly string[],
): boolean {
  let matched = false;
  for (const want of expected) {
    const wantBytes = Buffer.from(want);
    for (const candidate of candidates) {
      const candidateBytes = Buffer.from(candidate);
      // timingSafeEqual throws on unequal lengths; the expected length (44) is public anyway.
      const equal =
        candidateBytes.length === wantBytes.length && timingSafeEqual(candidateBytes, wantBytes);
      matched = equal || matched;
    }
  }
  return matched;
}
