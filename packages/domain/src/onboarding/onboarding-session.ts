import { newId, type PoolClient } from '@referral/db';

export interface OnboardingSession {
  id: string;
  expiresAt: Date;
}

/**
 * The onboarding URL to hand the partner: the newest one still valid, or a
 * new one when the last has expired (or there was none).
 */
export async function currentOnboardingSession(
  tx: PoolClient,
  clientId: string,
  partnerId: string,
  ttlMs: number,
): Promise<OnboardingSession> {
  const { rows } = await tx.query<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM onboarding_sessions
     WHERE client_id = $1 AND partner_id = $2 AND expires_at > now()
     ORDER BY created_at DESC LIMIT 1`,
    [clientId, partnerId],
  );
  if (rows[0]) return { id: rows[0].id, expiresAt: rows[0].expires_at };
  const id = newId('onb');
  const inserted = await tx.query<{ expires_at: Date }>(
    `INSERT INTO onboarding_sessions (id, client_id, partner_id, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4 / 1000.0)) RETURNING expires_at`,
    [id, clientId, partnerId, ttlMs],
  );
  return { id, expiresAt: inserted.rows[0]!.expires_at };
}
