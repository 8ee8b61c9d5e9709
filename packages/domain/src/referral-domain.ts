import type { Pool } from '@referral/db';
import { CaseCreation } from './cases/case-creation';
import { CaseProgress } from './cases/case-progress';
import { CaseReads } from './cases/case-reads';
import { ContractSigning } from './cases/contract-signing';
import { RoutingTable } from './cases/routing';
import { ClientRegistration } from './clients/client-registration';
import { Clients } from './clients/clients';
import { createPartnerDashboard } from './dashboard/partner-dashboard';
import type { DomainContext, HostedPageUrls } from './context';
import type { Outbox } from './outbox';
import { LinkAdmin } from './links/link-admin';
import { LinkRequests } from './links/link-requests';
import { Onboarding } from './onboarding/onboarding';
import type { PartnerService } from './partners/partner-service';
import { KycFlow } from './kyc/kyc-flow';
import { KycReview } from './kyc/kyc-review';
import { Payouts } from './payouts/payouts';
import { Reporting } from './payouts/reporting';
import { TransactionStages } from './payouts/transaction-stages';
import { PageTokens } from './tokens/page-tokens';
import { WelcomeEmails } from './welcome-email/welcome-emails';

export interface ReferralDomainOptions {
  pool: Pool;
  outbox: Outbox;
  partners: PartnerService;
  /** 32 bytes; signs the hosted pages' URL tokens. */
  pageTokenKey: Buffer;
  urls: HostedPageUrls;
  /** How long onboarding and contract-signing URLs stay valid (default 7 days). */
  onboardingTtlMs?: number;
}

export const DEFAULT_ONBOARDING_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The referral domain (clients, links, cases, payouts, reporting), wired once per process. */
export function createReferralDomain(options: ReferralDomainOptions) {
  const ctx: DomainContext = {
    pool: options.pool,
    outbox: options.outbox,
    pageTokens: new PageTokens(options.pageTokenKey),
    urls: options.urls,
    onboardingTtlMs: options.onboardingTtlMs ?? DEFAULT_ONBOARDING_TTL_MS,
  };
  const contracts = new ContractSigning(ctx, options.partners);
  const cases = new CaseReads(ctx);
  const kycForm = new KycFlow(ctx, options.partners);
  return {
    registration: new ClientRegistration(ctx),
    clients: new Clients(ctx),
    linkRequests: new LinkRequests(ctx, options.partners),
    onboarding: new Onboarding(ctx, options.partners),
    links: new LinkAdmin(ctx),
    contracts,
    /** The hosted KYC form (solution URLs, submissions). */
    kycForm,
    /** Operators' KYC decisions. */
    kyc: new KycReview(ctx, kycForm),
    caseCreation: new CaseCreation(ctx, contracts, kycForm),
    caseProgress: new CaseProgress(ctx),
    cases,
    routing: new RoutingTable(ctx),
    payouts: new Payouts(ctx),
    transactions: new TransactionStages(ctx),
    reporting: new Reporting(ctx),
    /** Partners' welcome email templates and the emails sent with them. */
    welcomeEmails: new WelcomeEmails(options.pool),
    /** The partner dashboard's views (session-scoped reads). */
    dashboard: createPartnerDashboard(ctx, cases),
  };
}

export type ReferralDomain = ReturnType<typeof createReferralDomain>;
