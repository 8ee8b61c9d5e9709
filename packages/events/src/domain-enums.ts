import { z } from 'zod';

// Domain vocabularies that appear in event payloads. The domain package reuses
// these so that a state name can never drift between the database and the wire.

export const CaseStatus = z.enum(['pending', 'active', 'paused', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseMilestone = z.enum(['created', 'collection_started', 'in_collection', 'resolved']);
export type CaseMilestone = z.infer<typeof CaseMilestone>;

/** How a case entered the platform; attribution rule 3 depends on it. */
export const CaseSource = z.enum([
  'partner_api',
  'web_app',
  'csv_import',
  'client_api_key',
  'integration',
]);
export type CaseSource = z.infer<typeof CaseSource>;

/** Why a case waits: contracts to sign first, or no collection partner for the debtor's country. */
export const CasePendingReason = z.enum(['contracts_missing', 'no_collection_partner']);
export type CasePendingReason = z.infer<typeof CasePendingReason>;

export const DebtorType = z.enum(['person', 'company']);
export type DebtorType = z.infer<typeof DebtorType>;

/** Contracts a client must sign before a case can be collected. */
export const ContractType = z.enum(['sdca', 'power_of_attorney', 'jpa']);
export type ContractType = z.infer<typeof ContractType>;

/**
 * `attributed`: the partner brought the client (fee on every case).
 * `non_attributed`: the client already existed and approved a link request
 * (fee only on cases created with the partner's customer-API token).
 */
export const Attribution = z.enum(['attributed', 'non_attributed']);
export type Attribution = z.infer<typeof Attribution>;

/** Why a payout earned the partner no referral fee (the attribution rules, in order). */
export const NoFeeReason = z.enum([
  'no_link',
  'link_archived',
  'case_before_link',
  'not_created_with_partner_token',
  'non_attributed_other_source',
]);
export type NoFeeReason = z.infer<typeof NoFeeReason>;
