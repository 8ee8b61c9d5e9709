export {
  PartnerService,
  Partner,
  PartnerSettings,
  Branding,
  DEFAULT_PARTNER_SETTINGS,
  type PartnerChanges,
} from './partners/partner-service';
export { generateApiKey, hashApiKey } from './partners/api-key';
export { createReferralDomain, DEFAULT_ONBOARDING_TTL_MS } from './referral-domain';
export type { ReferralDomain, ReferralDomainOptions } from './referral-domain';
export type { HostedPageUrls } from './context';
export {
  RegisterClientInput,
  PartnerClient,
  ClientFilter,
  ClientLink,
  ClientRecord,
  OnboardingStatus,
  LinkStatus,
} from './clients/client';
export type { RegisterClientOutcome } from './clients/client-registration';
export { registrationKey } from './clients/identity';
export { expireDueLinkRequests } from './links/link-request-expiry';
export type { LinkRequestPage, LinkDecision } from './links/link-requests';
export { SdcaSignature, type OnboardingPage } from './onboarding/onboarding';
export type { PartnerPageLook } from './page-look';
export { CUSTOMER_TOKEN_TTL_MS } from './tokens/customer-tokens';
