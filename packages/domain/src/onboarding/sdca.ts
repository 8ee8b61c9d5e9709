import type { PoolClient } from '@referral/db';
import { partnerEvent, type Emit } from '../outbox';
import { activeLinksOf } from '../links/client-links';
import { queueWelcomeEmails } from '../welcome-email/welcome-email-queue';
import { countUsers } from './client-users';

/**
 * Sign the client's SDCA: onboarding is complete, every partner with an
 * active link hears of it (`client.onboarding_completed`, with how many users
 * the client added), and each one's welcome email is queued. The caller holds
 * the client row locked and knows it is unsigned.
 */
export async function signSdca(
  tx: PoolClient,
  emit: Emit,
  client: { id: string; companyName: string },
  signerName: string,
): Promise<Date> {
  const { rows } = await tx.query<{ sdca_signed_at: Date }>(
    `UPDATE clients SET sdca_signed_at = now(), sdca_signed_by = $2 WHERE id = $1 RETURNING sdca_signed_at`,
    [client.id, signerName],
  );
  const signedAt = rows[0]!.sdca_signed_at;
  const userCount = await countUsers(tx, client.id);
  for (const link of await activeLinksOf(tx, client.id)) {
    await emit(
      partnerEvent(link.partner_id, 'client.onboarding_completed', {
        clientId: client.id,
        externalTenantId: link.external_tenant_id,
        companyName: client.companyName,
        completedAt: signedAt.toISOString(),
        userCount,
      }),
    );
  }
  await queueWelcomeEmails(tx, client.id, signedAt);
  return signedAt;
}
