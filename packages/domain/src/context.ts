import type { Pool } from '@referral/db';
import type { Outbox } from './outbox';
import type { PageTokens } from './tokens/page-tokens';

/** Where the hosted pages live; the API that serves them builds the URLs. */
export interface HostedPageUrls {
  onboarding(token: string): string;
  linkRequest(token: string): string;
  contracts(token: string): string;
  kyc(token: string): string;
}

/** What the referral domain's services share. */
export interface DomainContext {
  pool: Pool;
  outbox: Outbox;
  pageTokens: PageTokens;
  urls: HostedPageUrls;
  /** How long an onboarding, contract-signing or KYC URL stays valid. */
  onboardingTtlMs: number;
}
