import { caseEvents } from './case-events';
import { clientEvents } from './client-events';
import { payoutEvents } from './payout-events';
import { transactionEvents } from './transaction-events';
import { webhookEvents } from './webhook-events';

/** Every event the platform emits, in documentation order. */
export const eventCatalogue = Object.freeze([
  ...clientEvents,
  ...caseEvents,
  ...payoutEvents,
  ...transactionEvents,
  ...webhookEvents,
] as const);

export type CatalogueEntry = (typeof eventCatalogue)[number];

export {
  CaseContractRequiredData,
  CaseCreatedData,
  CaseDebtor,
  CaseInvoice,
  CaseStatusChangedData,
  CollectionPartnerRef,
} from './case-events';
export {
  ClientKycRejectedData,
  ClientKycSubmittedData,
  ClientKycVerifiedData,
  ClientLinkArchivedData,
  ClientLinkExpiredData,
  ClientLinkRejectedData,
  ClientLinkRequestedData,
  ClientLinkRestoredData,
  ClientLinkedData,
  ClientOnboardingCompletedData,
} from './client-events';
export { PayoutCreatedData, ReferralFee } from './payout-events';
export { TransactionStageChangedData } from './transaction-events';
export { WebhookTestData } from './webhook-events';
export type { EventDefinition } from './define-event';
