import type { Pool } from '@referral/db';
import { ClientRegistration } from './clients/client-registration';
import { Clients } from './clients/clients';
import type { HostedPageUrls } from './context';
import type { Outbox } from './events';
import { LinkAdmin } from './links/link-admin';
import { LinkRequests } from './links/link-requests';
import { Onboarding } from './onboarding/onboarding';
import type { PartnerService } from './partners/partner-service';
import { PageTokens } from './tokens/page-tokens';

export interface ReferralDomainOptions {
  pool: Pool;
  outbox: Outbox;
  partners: PartnerService;
  /** 32 bytes; signs the hosted pages' URL tokens. */
  pageTokenKey: Buffer;
  urls: HostedPageUrls;
  /** How long an onboarding URL stays valid (default 7 days). */
  onboardingTtlMs?: number;
}

export const DEFAULT_ONBOARDING_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Clients, links, link requests and onboarding, wired once per process. */
export function createReferralDomain(options: ReferralDomainOptions) {
  const ctx = {
    pool: options.pool,
    outbox: options.outbox,
    pageTokens: new PageTokens(options.pageTokenKey),
    urls: options.urls,
    onboardingTtlMs: options.onboardingTtlMs ?? DEFAULT_ONBOARDING_TTL_MS,
  };
  return {
    registration: new ClientRegistration(ctx),
    clients: new Clients(ctx),
    linkRequests: new LinkRequests(ctx, options.partners),
    onboarding: new Onboarding(ctx, options.partners),
    links: new LinkAdmin(ctx),
  };
}

export type ReferralDomain = ReturnType<typeof createReferralDomain>;
