import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@referral/db';

export const CUSTOMER_TOKEN_TTL_MS = 30 * 60 * 1000;
const PREFIX = 'ctk_';

export type CustomerTokenCheck =
  | { outcome: 'valid'; clientId: string; partnerId: string; expiresAt: string }
  | { outcome: 'expired'; expiredAt: string }
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
    }>(
      `SELECT client_id, partner_id, expires_at, expires_at <= now() AS expired
       FROM customer_tokens WHERE token_hash = $1`,
      [hash(token)],
    );
    const row = rows[0];
    if (!row) return { outcome: 'invalid' };
    if (row.expired) return { outcome: 'expired', expiredAt: row.expires_at.toISOString() };
    return {
      outcome: 'valid',
      clientId: row.client_id,
      partnerId: row.partner_id,
      expiresAt: row.expires_at.toISOString(),
    };
  }
}
