import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 32;

/**
 * Tokens of the hosted pages' URLs: `<row id>.<HMAC of the id>`. Unguessable
 * without the key, yet nothing secret is stored, so the same URL can be shown
 * to the partner again for as long as it is valid.
 */
export class PageTokens {
  constructor(private readonly key: Buffer) {}

  issue(id: string): string {
    return `${id}.${this.mac(id).toString('base64url')}`;
  }

  /** The row id a token names, or undefined when the token is not ours. */
  verify(token: string, prefix: string): string | undefined {
    const match = /^([a-z]+_[0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match || !match[1]!.startsWith(`${prefix}_`)) return undefined;
    const presented = Buffer.from(match[2]!, 'base64url');
    const expected = this.mac(match[1]!);
    return presented.length === MAC_BYTES && timingSafeEqual(presented, expected)
      ? match[1]
      : undefined;
  }

  private mac(id: string): Buffer {
    return createHmac('sha256', this.key).update(id, 'utf8').digest();
  }
}
