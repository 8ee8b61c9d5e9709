import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM for signing secrets at rest: stored as iv || tag || ciphertext. */
export class SecretCipher {
  // Decrypted secrets by ciphertext, for the delivery hot path. A rotation
  // stores a new ciphertext, so entries never go stale; the map is bounded.
  private readonly cache = new Map<string, string>();

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretCipher needs a 32-byte key');
  }

  encrypt(plaintext: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decryptCached(stored: Buffer): string {
    const key = stored.toString('base64');
    let plain = this.cache.get(key);
    if (plain === undefined) {
      if (this.cache.size >= 10_000) this.cache.clear();
      plain = this.decrypt(stored);
      this.cache.set(key, plain);
    }
    return plain;
  }

  decrypt(stored: Buffer): string {
    const iv = stored.subarray(0, IV_BYTES);
    const tag = stored.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(stored.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
