import { newId, type PoolClient } from '@referral/db';

/** The tables of the hosted pages' sessions: each row is one URL, valid until `expires_at`. */
type SessionTable = 'onboarding_sessions' | 'contract_signing_sessions' | 'kyc_sessions';

export interface PageSession {
  id: string;
  expiresAt: Date;
  /** False when an open session was found and is shown again. */
  isNew: boolean;
}

/**
 * A hosted page's session for `key` (its columns and values, null matching
 * null): the newest one still open, shown again, or a new one valid for
 * `ttlMs`. The caller holds the client row locked, so two callers never both
 * create one.
 */
export async function openPageSession(
  tx: PoolClient,
  table: SessionTable,
  prefix: string,
  key: Record<string, string | null>,
  ttlMs: number,
): Promise<PageSession> {
  const columns = Object.keys(key);
  const values = Object.values(key);
  const matches = columns.map((c, i) => `${c} IS NOT DISTINCT FROM $${i + 1}`).join(' AND ');
  const { rows } = await tx.query<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM ${table} WHERE ${matches} AND expires_at > now()
     ORDER BY created_at DESC LIMIT 1`,
    values,
  );
  if (rows[0]) return { id: rows[0].id, expiresAt: rows[0].expires_at, isNew: false };
  const id = newId(prefix);
  const n = values.length;
  const inserted = await tx.query<{ expires_at: Date }>(
    `INSERT INTO ${table} (id, ${columns.join(', ')}, expires_at)
     VALUES ($${n + 1}, ${columns.map((_, i) => `$${i + 1}`).join(', ')},
             now() + make_interval(secs => $${n + 2} / 1000.0))
     RETURNING expires_at`,
    [...values, id, ttlMs],
  );
  return { id, expiresAt: inserted.rows[0]!.expires_at, isNew: true };
}
