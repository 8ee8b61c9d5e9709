import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@referral/db';

export const CUSTOMER_TOKEN_TTL_MS = 30 * 60 * 1000;
const PREFIX = 'ctk_';

export type CustomerTokenCheck =
  | { outcome: 'valid'; clientId: string; partnerId: string; expiresAt: string }
  | { outcome: 'expired'; expiredAt: string }
  /** The partner's link to the client was archived after the token was minted. */
  | { outcome: 'link_archived' }
  | { outcome: 'invalid' };

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Bearer tokens of the customer API, one client each. Shown once, stored as a
 * hash, valid 30 minutes, never refreshed: the partner mints a new one.
 */
export class CustomerTokens {
  constructor(private readonly db: Queryable) {}

  async mint(clientId: string, partnerId: string) {
    const token = PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + CUSTOMER_TOKEN_TTL_MS);
    await this.db.query(
      `INSERT INTO customer_tokens (token_hash, client_id, partner_id, expires_at) VALUES ($1, $2, $3, $4)`,
      [hash(token), clientId, partnerId, expiresAt],
    );
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async check(token: string): Promise<CustomerTokenCheck> {
    if (!token.startsWith(PREFIX)) return { outcome: 'invalid' };
    const { rows } = await this.db.query<{
      client_id: string;
      partner_id: string;
      expires_at: Date;
      expired: boolean;
      archived: boolean;
    }>(
      `SELECT t.client_id, t.partner_id, t.expires_at, t.expires_at <= now() AS expired,
              l.archived_at IS NOT NULL AS archived
       FROM customer_tokens t
       JOIN client_links l ON l.client_id = t.client_id AND l.partner_id = t.partner_id
       WHERE t.token_hash = $1`,
      [hash(token)],
    );
    const row = rows[0];
    if (!row) return { outcome: 'invalid' };
    if (row.expired) return { outcome: 'expired', expiredAt: row.expires_at.toISOString() };
    if (row.archived) return { outcome: 'link_archived' };
    return {
      outcome: 'valid',
      clientId: row.client_id,
      partnerId: row.partner_id,
      expiresAt: row.expires_at.toISOString(),
    };
  }
}
