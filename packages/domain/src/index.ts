export {
  PartnerService,
  Partner,
  PartnerSettings,
  Branding,
  DEFAULT_PARTNER_SETTINGS,
  isPartnerCursor,
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
  KycStatus,
} from './clients/client';
export { isKycPageOpen, type KycPage, type SubmitKycOutcome } from './kyc/kyc-flow';
export {
  KycDocumentInfo,
  KycQueueItem,
  KycRejection,
  KycReviewRecord,
  KycSubmission,
  KycSubmissionStatus,
  type KycDecisionOutcome,
} from './kyc/kyc-review';
export { parseKycForm, OWNER_ROWS, type KycFormErrors, type KycFormField } from './kyc/kyc-form';
export {
  KYC_DOCUMENT_MAX_BYTES,
  KYC_DOCUMENT_TYPES,
  sniffDocumentType,
  type UploadedFile,
} from './kyc/document-type';
export type { RegisterClientOutcome } from './clients/client-registration';
export { registrationKey } from './clients/identity';
export { expireDueLinkRequests } from './links/link-request-expiry';
export type { LinkRequestPage, LinkDecision } from './links/link-requests';
export { SdcaSignature, type OnboardingPage } from './onboarding/onboarding';
export {
  ClientUser,
  ClientUserInput,
  ClientUserRole,
  MAX_CLIENT_USERS,
} from './onboarding/client-users';
export type { PartnerPageLook } from './page-look';
export { CUSTOMER_TOKEN_TTL_MS } from './tokens/customer-tokens';
export {
  AdminCase,
  AdminCreateCaseInput,
  Case,
  CaseDetail,
  CaseFilter,
  CaseMessage,
  CaseMessageInput,
  CaseProgressInput,
  CaseSort,
  CreateCaseInput,
  OtherCaseSource,
  PartnerCase,
  PartnerPayout,
} from './cases/case';
export { toAdminCase, toPartnerCase, type CaseRow } from './cases/case-query';
export type { CaseOrigin, CreateCaseOutcome } from './cases/case-creation';
export { ContractSignature, type ContractPage } from './cases/contract-signing';
export { RoutingEntry, RoutingOverview } from './cases/routing-entry';
export { PaymentInput, RecordedPayout } from './payouts/payouts';
export {
  ReportedTransaction,
  TransactionFilter,
  TransactionTotals,
  TransactionReport,
} from './payouts/reporting';
export { StageChange } from './payouts/transaction-stages';
export { decodeKeyset, type Keyset } from './keyset';
export { DEFAULT_FX_RATES_FILE, ensureFxRates, loadFxRates } from './fx/fx-rates';
export { noFeeAdvice } from './payouts/attribution';
export type { PartnerDashboard } from './dashboard/partner-dashboard';
export { DashboardCases } from './dashboard/dashboard-cases';
export { DashboardEarnings } from './dashboard/dashboard-earnings';
export { DashboardClients } from './dashboard/dashboard-clients';
export { pageWindow, type ListWindow, type WindowOf } from './dashboard/list-window';
export { TEMPLATE_VARIABLES, type TemplateVariable } from './welcome-email/template-check';
export {
  RenderedWelcomeEmail,
  WelcomeEmailTemplate,
  WelcomeEmailTemplateInput,
} from './welcome-email/welcome-email-template';
export { MailDomain } from './welcome-email/sender-domain';
export {
  WelcomeEmailMessage,
  WelcomeEmailStatus,
  type SaveTemplateOutcome,
} from './welcome-email/welcome-emails';
export { type Mailer, type OutgoingMail, type SendResult } from './welcome-email/mailer';
export {
  WelcomeEmailWorker,
  type WelcomeEmailWorkerOptions,
} from './welcome-email/welcome-email-worker';
