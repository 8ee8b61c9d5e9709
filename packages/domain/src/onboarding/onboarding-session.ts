import type { PoolClient } from '@referral/db';
import { openPageSession, type PageSession } from '../tokens/page-sessions';

/**
 * The onboarding URL to hand the partner: the newest one still valid, or a
 * new one when the last has expired (or there was none).
 */
export function currentOnboardingSession(
  tx: PoolClient,
  clientId: string,
  partnerId: string,
  ttlMs: number,
): Promise<PageSession> {
  return openPageSession(
    tx,
    'onboarding_sessions',
    'onb',
    { client_id: clientId, partner_id: partnerId },
    ttlMs,
  );
}
