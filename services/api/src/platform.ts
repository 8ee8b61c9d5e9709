import type { Config } from '@referral/config';
import type { Pool } from '@referral/db';
import { createReferralDomain, ensureFxRates, PartnerService } from '@referral/domain';
import type { WebhookEngine } from '@referral/webhooks';
import { hostedPageUrls } from './hosted-pages/urls';

/** The partners and the referral domain, wired from config: what the API and `npm run seed` share. */
export async function referralPlatform(config: Config, pool: Pool, engine: WebhookEngine) {
  // A fresh install converts money with the shipped rates; `npm run fx:load` replaces them.
  await ensureFxRates(pool);
  const partners = new PartnerService(pool);
  const domain = createReferralDomain({
    pool,
    outbox: engine.outbox,
    partners,
    pageTokenKey: config.clients.pageTokenKey,
    urls: hostedPageUrls(config.http.publicBaseUrl),
    onboardingTtlMs: config.clients.onboardingTtlMs,
  });
  return { partners, domain };
}
