import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'rpk_';

/** A new partner API key: high-entropy, so a plain SHA-256 at rest is enough. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function looksLikeApiKey(key: string): boolean {
  return key.startsWith(PREFIX) && key.length > PREFIX.length + 20;
}
